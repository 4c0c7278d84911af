//! The typed view of an answer file: passes → components → command lists →
//! commands, each tied to its nodes in the lossless tree. Everything else the
//! file holds stays in the tree and is counted here as "other settings"; the view
//! never owns or drops it.

use crate::catalog::{self, ListKind, ListSpec, PassKind};
use crate::document::Document;
use crate::xml::{NodeId, Tree};

mod splice;

/// The whole typed view.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The root element (`unattend`, if the file is an answer file).
    pub root: Option<NodeId>,
    /// `<settings>` blocks in document order.
    pub passes: Vec<Pass>,
    /// `<component>` elements found outside any `<settings>` (they do nothing).
    pub stray_components: Vec<NodeId>,
    /// Other root children (`servicing`, `cpi:offlineImage`, foreign elements).
    pub other_root_children: Vec<NodeId>,
}

/// One `<settings pass="…">` block.
#[derive(Clone, Debug)]
pub struct Pass {
    /// The `settings` element.
    pub node: NodeId,
    /// The `pass` attribute as written (empty when missing).
    pub name: String,
    /// The pass, when the name is one of the seven.
    pub kind: Option<PassKind>,
    /// Components in document order.
    pub components: Vec<Component>,
}

/// One `<component>`.
#[derive(Clone, Debug)]
pub struct Component {
    /// The `component` element.
    pub node: NodeId,
    /// `name` attribute.
    pub name: Option<String>,
    /// `processorArchitecture` attribute.
    pub arch: Option<String>,
    /// `publicKeyToken` attribute.
    pub public_key_token: Option<String>,
    /// `language` attribute.
    pub language: Option<String>,
    /// `versionScope` attribute.
    pub version_scope: Option<String>,
    /// Command lists in document order.
    pub lists: Vec<CommandList>,
    /// Every other child element (settings outside the command lists).
    pub other_settings: Vec<NodeId>,
}

/// One command list container.
#[derive(Clone, Debug)]
pub struct CommandList {
    /// The container element (`RunSynchronous`, …).
    pub node: NodeId,
    /// The list's facts. When the container sits under the wrong component this
    /// is the list of that name elsewhere, and `misplaced` is set.
    pub spec: &'static ListSpec,
    /// True when the container is not under the component the spec names.
    pub misplaced: bool,
    /// Items in document order.
    pub commands: Vec<Command>,
    /// Child elements that are not this list's item element.
    pub strays: Vec<NodeId>,
}

impl CommandList {
    /// The list at `node` without its commands or strays (yet).
    pub fn empty(node: NodeId, spec: &'static ListSpec, misplaced: bool) -> CommandList {
        CommandList {
            node,
            spec,
            misplaced,
            commands: Vec::new(),
            strays: Vec::new(),
        }
    }

    /// Indexes of the commands in the order the list runs them: by Order, then
    /// document order; commands without a valid Order last.
    pub fn run_sequence(&self, doc: &Document) -> Vec<usize> {
        self.run_keys(doc).into_iter().map(|(_, i)| i).collect()
    }

    /// [`CommandList::run_sequence`], each index after its sort key.
    fn run_keys(&self, doc: &Document) -> Vec<(i64, usize)> {
        let mut keyed: Vec<(i64, usize)> = (self.commands.iter().enumerate())
            .map(|(i, c)| (c.order_number(doc).unwrap_or(i64::MAX), i))
            .collect();
        keyed.sort_unstable();
        keyed
    }
}

/// The fields a command can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// `Order`.
    Order,
    /// `Path` or `CommandLine`.
    Program,
    /// `Description`.
    Description,
    /// `WillReboot`.
    WillReboot,
    /// `RequiresUserInput`.
    RequiresUserInput,
    /// `Credentials/Domain`.
    Domain,
    /// `Credentials/Username` (or `UserName`).
    Username,
    /// `Credentials/Password`.
    Password,
}

impl FieldKind {
    /// Every field, in form order.
    pub const ALL: [FieldKind; 8] = [
        FieldKind::Order,
        FieldKind::Program,
        FieldKind::Description,
        FieldKind::WillReboot,
        FieldKind::RequiresUserInput,
        FieldKind::Domain,
        FieldKind::Username,
        FieldKind::Password,
    ];

    /// The element name for this field in a list (Program → Path/CommandLine,
    /// Username → the list's documented spelling).
    pub fn element(self, spec: &ListSpec) -> &'static str {
        match self {
            FieldKind::Order => "Order",
            FieldKind::Program => spec.program,
            FieldKind::Description => "Description",
            FieldKind::WillReboot => "WillReboot",
            FieldKind::RequiresUserInput => "RequiresUserInput",
            FieldKind::Domain => "Domain",
            FieldKind::Username => spec.user_name,
            FieldKind::Password => "Password",
        }
    }

    /// True for the three Credentials children.
    pub fn in_credentials(self) -> bool {
        matches!(
            self,
            FieldKind::Domain | FieldKind::Username | FieldKind::Password
        )
    }

    /// True when the list has this field at all.
    pub fn applies_to(self, spec: &ListSpec) -> bool {
        match self {
            FieldKind::WillReboot => spec.will_reboot,
            FieldKind::RequiresUserInput => spec.requires_user_input != catalog::UserInput::Absent,
            f if f.in_credentials() => spec.credentials,
            _ => true,
        }
    }
}

/// A field present in the file.
#[derive(Clone, Debug)]
pub struct Field {
    /// Its element. Only ever renumbered to the same element (when nodes before it are
    /// added or removed): a field for another element is made anew ([`Field::read`]), since
    /// `small` and `owned` describe this element's value.
    pub node: NodeId,
    /// Where the value comes from. Kept beside the value also for its size: it lets an absent
    /// field (`Option<Field>`) take no more room than a field, 16 bytes, five per command.
    source: Source,
    /// The value as a number when it is one to four plain digits (as nearly every `Order`
    /// is), else [`NOT_SMALL`]. Read when the field is made, while its text is at hand: a
    /// list's run order and its Order rules ask every command's number again, and reading
    /// the text of 30 000 Orders a second time cost cache misses (see [`Command::order_number`]).
    /// It fits in the padding beside `source`: the field stays 16 bytes.
    small: u16,
    /// The value unless `source` is [`Source::Document`], whose fields read it from the
    /// document, so a large file's values are not copied (see [`Field::value`]). Boxed twice:
    /// a thin pointer.
    owned: Option<Box<Box<str>>>,
}

/// [`Field::small`] of a value that is not one to four plain digits.
const NOT_SMALL: u16 = u16::MAX;

/// [`Field::small`] of `value`.
fn small_number(value: &str) -> u16 {
    let b = value.as_bytes();
    if (1..=4).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        b.iter().fold(0, |n, &d| n * 10 + u16::from(d - b'0'))
    } else {
        NOT_SMALL
    }
}

/// Where a [`Field`]'s value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// The element's text as written is the value (the common case).
    Document,
    /// The element's text with references, carriage returns or CDATA decoded.
    Decoded,
    /// Not read from the document: a value being typed, or one from before an edit.
    Given,
}

impl Field {
    /// The field of element `node` as the document holds it now.
    pub fn read(tree: &Tree, text: &str, node: NodeId) -> Field {
        match tree.value_cow(text, node) {
            std::borrow::Cow::Borrowed(value) => Field {
                node,
                source: Source::Document,
                small: small_number(value),
                owned: None,
            },
            std::borrow::Cow::Owned(decoded) => Field {
                node,
                source: Source::Decoded,
                small: small_number(&decoded),
                owned: Some(Box::new(decoded.into_boxed_str())),
            },
        }
    }

    /// A field of element `node` holding `value`, whatever the document says (a value being
    /// typed, or one from before an edit).
    pub fn with_value(node: NodeId, value: &str) -> Field {
        Field {
            node,
            source: Source::Given,
            small: small_number(value),
            owned: Some(Box::new(value.into())),
        }
    }

    /// The decoded value, from `doc` (the document this view was built from) when the
    /// field does not hold its own.
    pub fn value<'a>(&'a self, doc: &'a Document) -> &'a str {
        self.value_in(doc.tree(), doc.text())
    }

    /// [`Field::value`] from a tree and its text.
    pub fn value_in<'a>(&'a self, tree: &Tree, text: &'a str) -> &'a str {
        match (self.source, &self.owned) {
            (Source::Decoded | Source::Given, Some(v)) => v,
            _ => tree.node(self.node).content().of(text),
        }
    }
}

/// `Credentials` of a command.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The `Credentials` element.
    pub node: NodeId,
    /// `Domain`.
    pub domain: Option<Field>,
    /// `Username` / `UserName`.
    pub username: Option<Field>,
    /// The spelling used in the file for the user-name element, if present.
    pub username_spelling: Option<String>,
    /// `Password`.
    pub password: Option<Field>,
    /// Other children.
    pub unknown: Vec<NodeId>,
}

/// One command item.
#[derive(Clone, Debug)]
pub struct Command {
    /// The item element.
    pub node: NodeId,
    /// `Order`.
    pub order: Option<Field>,
    /// `Path` / `CommandLine`. If the file uses the other list's name (`Path` in
    /// a Shell-Setup list) it is not this, but listed in `unknown`.
    pub program: Option<Field>,
    /// `Description`.
    pub description: Option<Field>,
    /// `WillReboot`.
    pub will_reboot: Option<Field>,
    /// `RequiresUserInput`.
    pub requires_user_input: Option<Field>,
    /// `Credentials` (boxed: rare, and large beside the other fields).
    pub credentials: Option<Box<Credentials>>,
    /// Child elements that are none of the above.
    pub unknown: Vec<NodeId>,
}

impl Command {
    /// The field of a kind, if present.
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        match kind {
            FieldKind::Order => self.order.as_ref(),
            FieldKind::Program => self.program.as_ref(),
            FieldKind::Description => self.description.as_ref(),
            FieldKind::WillReboot => self.will_reboot.as_ref(),
            FieldKind::RequiresUserInput => self.requires_user_input.as_ref(),
            FieldKind::Domain => self.credentials.as_ref()?.domain.as_ref(),
            FieldKind::Username => self.credentials.as_ref()?.username.as_ref(),
            FieldKind::Password => self.credentials.as_ref()?.password.as_ref(),
        }
    }

    fn field_mut_by_node(&mut self, node: NodeId) -> Option<&mut Field> {
        let creds = self
            .credentials
            .as_deref_mut()
            .map(|c| [&mut c.domain, &mut c.username, &mut c.password]);
        [
            &mut self.order,
            &mut self.program,
            &mut self.description,
            &mut self.will_reboot,
            &mut self.requires_user_input,
        ]
        .into_iter()
        .chain(creds.into_iter().flatten())
        .filter_map(|f| f.as_mut())
        .find(|f| f.node == node)
    }

    /// The value of a field ("" when absent), read from `doc` (see [`Field::value`]).
    pub fn value<'a>(&'a self, kind: FieldKind, doc: &'a Document) -> &'a str {
        self.field(kind).map_or("", |f| f.value(doc))
    }

    /// The Order as a number, when it is a valid integer. A small plain number was read
    /// when the field was made; other values are parsed from the text.
    pub fn order_number(&self, doc: &Document) -> Option<i64> {
        let order = self.order.as_ref()?;
        if order.small != NOT_SMALL {
            return Some(i64::from(order.small));
        }
        parse_order(order.value(doc))
    }
}

/// An Order value as a number: the trimmed text as an `i64`, when it is one. Asked for every
/// command whenever a list's run order is worked out, so plain digits (nearly every Order)
/// are read without the general trim and parse.
pub(crate) fn parse_order(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    if (1..=18).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        return Some(b.iter().fold(0, |n, &d| n * 10 + i64::from(d - b'0')));
    }
    value.trim().parse().ok()
}

/// A command's address in the view: indexes into passes, components, lists,
/// commands. Stable across edits that do not add or remove items before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandAddr {
    /// Index into [`Answer::passes`].
    pub pass: usize,
    /// Index into [`Pass::components`].
    pub component: usize,
    /// Index into [`Component::lists`].
    pub list: usize,
    /// Index into [`CommandList::commands`].
    pub command: usize,
}

impl Answer {
    /// Builds the view over a document.
    pub fn build(doc: &Document) -> Answer {
        let text = doc.text();
        let tree = doc.tree();
        let mut answer = Answer {
            root: tree.root_element(),
            ..Answer::default()
        };
        let Some(root) = answer.root else {
            return answer;
        };
        for child in tree.elements(root) {
            match tree.local_name(text, child) {
                "settings" => answer.passes.push(build_pass(tree, text, child)),
                "component" => answer.stray_components.push(child),
                _ => answer.other_root_children.push(child),
            }
        }
        fill_lists(&mut answer, tree, text);
        answer
    }

    /// A command by address.
    pub fn command(&self, a: CommandAddr) -> Option<&Command> {
        self.list(a)?.commands.get(a.command)
    }

    /// A command by address, to change it.
    pub fn command_mut(&mut self, a: CommandAddr) -> Option<&mut Command> {
        self.list_mut(a)?.commands.get_mut(a.command)
    }

    /// The list holding an address, to change it.
    pub fn list_mut(&mut self, a: CommandAddr) -> Option<&mut CommandList> {
        self.passes
            .get_mut(a.pass)?
            .components
            .get_mut(a.component)?
            .lists
            .get_mut(a.list)
    }

    /// The list holding an address.
    pub fn list(&self, a: CommandAddr) -> Option<&CommandList> {
        self.passes
            .get(a.pass)?
            .components
            .get(a.component)?
            .lists
            .get(a.list)
    }

    /// Every command with its address, in document order.
    pub fn commands(&self) -> impl Iterator<Item = (CommandAddr, &Command)> {
        self.passes.iter().enumerate().flat_map(|(pi, p)| {
            p.components.iter().enumerate().flat_map(move |(ci, c)| {
                c.lists.iter().enumerate().flat_map(move |(li, l)| {
                    l.commands.iter().enumerate().map(move |(i, cmd)| {
                        (
                            CommandAddr {
                                pass: pi,
                                component: ci,
                                list: li,
                                command: i,
                            },
                            cmd,
                        )
                    })
                })
            })
        })
    }

    /// Number of command items in the file.
    pub fn command_count(&self) -> usize {
        self.commands().count()
    }

    /// Every command in the order Windows runs them (spec §2 run order, §3.1):
    /// passes in run order (unknown pass names last, in file order), within a
    /// pass synchronous lists before asynchronous ones, then component and list
    /// in file order, then each list in [`CommandList::run_sequence`]. The flag
    /// is true for the last command its list runs. Asynchronous commands start
    /// in this order but do not wait. Lazy: one list's sequence at a time.
    pub fn run_order<'a>(
        &'a self,
        doc: &'a Document,
    ) -> impl Iterator<Item = (CommandAddr, bool)> + 'a {
        self.run_order_from(doc, 0)
    }

    /// [`Answer::run_order`] without its first `skip` commands. Whole lists that fall in
    /// the skipped part are not sorted (the two-thread check starts its second part here).
    pub fn run_order_from<'a>(
        &'a self,
        doc: &'a Document,
        skip: usize,
    ) -> impl Iterator<Item = (CommandAddr, bool)> + 'a {
        let mut lists = Vec::new();
        for (pi, pass) in self.passes.iter().enumerate() {
            let rank = pass.kind.map_or(u8::MAX, |k| k as u8);
            for (ci, comp) in pass.components.iter().enumerate() {
                for (li, list) in comp.lists.iter().enumerate() {
                    lists.push(((rank, !list.spec.synchronous, pi, ci, li), list));
                }
            }
        }
        lists.sort_by_key(|(key, _)| *key);
        let mut left = skip;
        let whole = lists
            .iter()
            .take_while(|(_, l)| {
                let skipped = l.commands.len() <= left;
                if skipped {
                    left -= l.commands.len();
                }
                skipped
            })
            .count();
        lists
            .into_iter()
            .skip(whole)
            .flat_map(|((_, _, pass, component, list), l)| {
                // The sort keys are kept (one vector per list, not two).
                let seq = l.run_keys(doc);
                let last = seq.last().map(|&(_, i)| i);
                seq.into_iter().map(move |(_, command)| {
                    let addr = CommandAddr {
                        pass,
                        component,
                        list,
                        command,
                    };
                    (addr, Some(command) == last)
                })
            })
            .skip(left)
    }

    /// Reads again the value of the field whose element is `node` (after its text was
    /// edited in place); nothing happens when `node` is not a command field.
    pub fn update_value(&mut self, tree: &Tree, text: &str, node: NodeId) {
        for p in &mut self.passes {
            for c in &mut p.components {
                for l in &mut c.lists {
                    for cmd in &mut l.commands {
                        if let Some(f) = cmd.field_mut_by_node(node) {
                            *f = Field::read(tree, text, node);
                            return;
                        }
                    }
                }
            }
        }
    }
}

fn build_pass(tree: &Tree, text: &str, node: NodeId) -> Pass {
    let name = tree.attr_value(text, node, "pass").unwrap_or_default();
    let kind = PassKind::from_name(&name);
    let components = tree
        .elements(node)
        .filter(|&c| tree.local_name(text, c) == "component")
        .map(|c| build_component(tree, text, c))
        .collect();
    Pass {
        node,
        name,
        kind,
        components,
    }
}

fn build_component(tree: &Tree, text: &str, node: NodeId) -> Component {
    // The five attributes in one pass over the element's attributes (the first of a name
    // counts, as with `Tree::attr_value`).
    let [
        mut name,
        mut arch,
        mut public_key_token,
        mut language,
        mut version_scope,
    ] = [None, None, None, None, None];
    for a in tree.attrs(node) {
        let slot = match a.name.of(text) {
            "name" => &mut name,
            "processorArchitecture" => &mut arch,
            "publicKeyToken" => &mut public_key_token,
            "language" => &mut language,
            "versionScope" => &mut version_scope,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(crate::xml::unescape(a.value.of(text)).into_owned());
        }
    }
    let mut lists = Vec::new();
    let mut other_settings = Vec::new();
    for child in tree.elements(node) {
        let local = tree.local_name(text, child);
        let exact = name.as_deref().and_then(|n| catalog::list_for(n, local));
        let spec = exact.or_else(|| catalog::lists_named(local).next());
        match spec {
            // The commands are read afterwards, by `fill_lists`.
            Some(spec) => lists.push(CommandList::empty(child, spec, exact.is_none())),
            None => other_settings.push(child),
        }
    }
    Component {
        node,
        arch,
        public_key_token,
        language,
        version_scope,
        name,
        lists,
        other_settings,
    }
}

/// Reads the commands of every list: on several cores for a large document (the threads
/// take the lists in turn, see [`fill_lists_on`]).
fn fill_lists(answer: &mut Answer, tree: &Tree, text: &str) {
    let workers = match text.len() / PARALLEL_BYTES {
        0 | 1 => 1,
        n => n.min(crate::par::cores()),
    };
    fill_lists_on(answer, tree, text, workers);
}

/// [`fill_lists`] with a given number of workers (fewer than 2: on this thread), which
/// take the lists in turn.
fn fill_lists_on(answer: &mut Answer, tree: &Tree, text: &str, workers: usize) {
    let lists = answer
        .passes
        .iter_mut()
        .flat_map(|p| p.components.iter_mut())
        .flat_map(|c| c.lists.iter_mut());
    crate::par::in_turn(workers, lists, |list| {
        fill_list(list, tree, text);
        std::ops::ControlFlow::Continue(())
    });
}

/// Documents of at least twice this many bytes have their commands read on more than one core.
const PARALLEL_BYTES: usize = 1 << 20;

fn fill_list(list: &mut CommandList, tree: &Tree, text: &str) {
    let spec = list.spec;
    // Sized once: growing a list of hundreds of commands step by step copies it each time.
    list.commands.reserve(tree.elements(list.node).count());
    for child in tree.elements(list.node) {
        if tree.local_name(text, child) == spec.item {
            list.commands.push(build_command(tree, text, child, spec));
        } else {
            list.strays.push(child);
        }
    }
}

fn field(tree: &Tree, text: &str, node: NodeId) -> Field {
    Field::read(tree, text, node)
}

fn build_command(tree: &Tree, text: &str, node: NodeId, spec: &ListSpec) -> Command {
    let mut cmd = Command {
        node,
        order: None,
        program: None,
        description: None,
        will_reboot: None,
        requires_user_input: None,
        credentials: None,
        unknown: Vec::new(),
    };
    for child in tree.elements(node) {
        let local = tree.local_name(text, child);
        let slot = match local {
            "Order" => &mut cmd.order,
            "Description" => &mut cmd.description,
            "WillReboot" if spec.will_reboot => &mut cmd.will_reboot,
            "RequiresUserInput" if spec.requires_user_input != catalog::UserInput::Absent => {
                &mut cmd.requires_user_input
            }
            l if l == spec.program => &mut cmd.program,
            "Credentials" if spec.credentials && cmd.credentials.is_none() => {
                cmd.credentials = Some(Box::new(build_credentials(tree, text, child)));
                continue;
            }
            _ => {
                cmd.unknown.push(child);
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(field(tree, text, child));
        } else {
            // A repeated field: the first counts, the rest are reported.
            cmd.unknown.push(child);
        }
    }
    cmd
}

fn build_credentials(tree: &Tree, text: &str, node: NodeId) -> Credentials {
    let mut c = Credentials {
        node,
        domain: None,
        username: None,
        username_spelling: None,
        password: None,
        unknown: Vec::new(),
    };
    for child in tree.elements(node) {
        match tree.local_name(text, child) {
            "Domain" if c.domain.is_none() => c.domain = Some(field(tree, text, child)),
            "Password" if c.password.is_none() => c.password = Some(field(tree, text, child)),
            n @ ("Username" | "UserName") if c.username.is_none() => {
                c.username_spelling = Some(n.to_owned());
                c.username = Some(field(tree, text, child));
            }
            _ => c.unknown.push(child),
        }
    }
    c
}

/// Which list kinds a component may hold in a pass (for pickers).
pub fn lists_valid_in(component: &str, pass: PassKind) -> Vec<ListKind> {
    catalog::lists()
        .iter()
        .filter(|l| l.component.eq_ignore_ascii_case(component) && l.passes.contains(&pass))
        .map(|l| l.kind)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits-only shortcut reads Orders as the general trim and parse does.
    #[test]
    fn orders_parse_as_trim_and_parse_would() {
        let general = |v: &str| v.trim().parse::<i64>().ok();
        let samples = [
            "1",
            "007",
            "500",
            " 3 ",
            "\t12\r\n",
            "+4",
            "-1",
            "",
            " ",
            "1a",
            "0x10",
            "١",
            "999999999999999999",
            "9999999999999999999",
            "99999999999999999999",
            "1 2",
            "\u{a0}5",
            "3\u{2003}",
        ];
        for v in samples {
            assert_eq!(parse_order(v), general(v), "{v:?}");
        }
        for n in 0..2000 {
            let v = n.to_string();
            assert_eq!(parse_order(&v), Some(i64::from(n)));
        }
    }

    /// The number a field keeps from when it was made is what parsing its value gives, for
    /// values read as written, read decoded, and given (typed).
    #[test]
    fn order_numbers_agree_with_the_text() {
        let values = [
            "1",
            "007",
            "0",
            "500",
            "9999",
            "10000",
            "65535",
            "65536",
            " 3 ",
            "+4",
            "-1",
            "",
            "1a",
            "&#49;2",
            "&#x20;5",
            "<![CDATA[42]]>",
            "4\r\n",
            "999999999999999999",
        ];
        for v in values {
            let xml = format!(
                "<unattend><settings pass=\"specialize\"><component \
                 name=\"Microsoft-Windows-Deployment\"><RunSynchronous><RunSynchronousCommand>\
                 <Order>{v}</Order><Path>x</Path></RunSynchronousCommand></RunSynchronous>\
                 </component></settings></unattend>"
            );
            let doc = Document::load(xml.as_bytes()).expect("loads");
            let a = Answer::build(&doc);
            let cmd = &a.passes[0].components[0].lists[0].commands[0];
            let text = cmd.value(FieldKind::Order, &doc).to_owned();
            assert_eq!(cmd.order_number(&doc), parse_order(&text), "read {v:?}");
            let mut typed = cmd.clone();
            let node = typed.order.as_ref().expect("order").node;
            for given in [text.as_str(), v, "12", "x", "70000"] {
                typed.order = Some(Field::with_value(node, given));
                assert_eq!(
                    typed.order_number(&doc),
                    parse_order(given),
                    "given {given:?}"
                );
            }
        }
    }

    /// A 30 000-command file holds 30 000 commands: their size is part of the memory target.
    #[test]
    fn fields_stay_small() {
        assert_eq!(std::mem::size_of::<Field>(), 16);
        assert_eq!(std::mem::size_of::<Option<Field>>(), 16);
        assert!(
            std::mem::size_of::<Command>() <= 120,
            "{}",
            std::mem::size_of::<Command>()
        );
    }

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add">
          <Order>1</Order>
          <Path>cmd /c echo a &amp; b</Path>
          <Credentials><Domain>D</Domain><UserName>u</UserName><Password>p</Password></Credentials>
        </RunSynchronousCommand>
      </RunSynchronous>
      <ExtendOSPartition><Extend>true</Extend></ExtendOSPartition>
    </component>
  </settings>
  <cpi:offlineImage cpi:source="wim:c:/x.wim#W" xmlns:cpi="urn:schemas-microsoft-com:cpi"/>
</unattend>"#;

    #[test]
    fn lists_read_on_several_cores_match_one() {
        let mut text = String::from("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n");
        for pass in ["windowsPE", "specialize", "oobeSystem"] {
            let (comp, list, item, prog) = match pass {
                "windowsPE" => (
                    "Microsoft-Windows-Setup",
                    "RunSynchronous",
                    "RunSynchronousCommand",
                    "Path",
                ),
                "specialize" => (
                    "Microsoft-Windows-Deployment",
                    "RunAsynchronous",
                    "RunAsynchronousCommand",
                    "Path",
                ),
                _ => (
                    "Microsoft-Windows-Shell-Setup",
                    "FirstLogonCommands",
                    "SynchronousCommand",
                    "CommandLine",
                ),
            };
            text.push_str(&format!(
                "<settings pass=\"{pass}\"><component name=\"{comp}\">\n"
            ));
            for l in 0..5 {
                text.push_str(&format!("<{list}>\n"));
                for i in 1..=40 {
                    text.push_str(&format!("<{item}><Order>{i}</Order><{prog}>cmd /c echo {l} &amp; {i}</{prog}><Description>d</Description><x/></{item}>\n"));
                }
                text.push_str(&format!("<stray/></{list}>\n"));
            }
            text.push_str("</component></settings>\n");
        }
        text.push_str("</unattend>\n");
        let doc = Document::load(text.as_bytes()).expect("loads");
        let one = format!("{:?}", Answer::build(&doc));
        for workers in [2, 3, 7, 40] {
            let mut answer = Answer::build(&doc);
            for c in answer
                .passes
                .iter_mut()
                .flat_map(|p| p.components.iter_mut())
            {
                for l in &mut c.lists {
                    l.commands.clear();
                    l.strays.clear();
                }
            }
            fill_lists_on(&mut answer, doc.tree(), doc.text(), workers);
            assert_eq!(format!("{answer:?}"), one, "{workers} workers");
        }
        assert_eq!(Answer::build(&doc).command_count(), 3 * 5 * 40);
        // Starting the run order part-way skips whole lists without changing what follows.
        let a = Answer::build(&doc);
        let all: Vec<_> = a.run_order(&doc).collect();
        for k in [0, 1, 39, 40, 41, 199, 200, 201, 599, 600, 601, 700] {
            let from: Vec<_> = a.run_order_from(&doc, k).collect();
            assert_eq!(from, all[k.min(all.len())..], "from {k}");
        }
    }

    #[test]
    fn builds_the_typed_view() {
        let doc = Document::load(SAMPLE.as_bytes()).expect("loads");
        let a = Answer::build(&doc);
        assert_eq!(a.passes.len(), 1);
        assert_eq!(a.passes[0].kind, Some(PassKind::Specialize));
        let comp = &a.passes[0].components[0];
        assert_eq!(comp.arch.as_deref(), Some("amd64"));
        assert_eq!(comp.other_settings.len(), 1);
        let list = &comp.lists[0];
        assert_eq!(list.spec.kind, ListKind::DeploySync);
        assert!(!list.misplaced);
        let cmd = &list.commands[0];
        assert_eq!(cmd.order_number(&doc), Some(1));
        assert_eq!(cmd.value(FieldKind::Program, &doc), "cmd /c echo a & b");
        assert_eq!(cmd.value(FieldKind::Username, &doc), "u");
        let creds = cmd.credentials.as_ref().expect("creds");
        assert_eq!(creds.username_spelling.as_deref(), Some("UserName"));
        assert_eq!(a.other_root_children.len(), 1);
        assert_eq!(a.command_count(), 1);
    }
}
