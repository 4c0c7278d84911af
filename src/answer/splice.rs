//! Keeping the typed view in step with an in-place splice of the tree
//! ([`crate::xml::Spliced`]): node ids after the splice move, and the one
//! command whose elements changed is read again, or the items that a list
//! gained or lost are taken out and read.

use super::{Answer, Command, CommandAddr, Credentials, Field, build_command};
use crate::catalog::ListSpec;
use crate::xml::{NodeId, Spliced, Tree};

impl Answer {
    /// Moves every node id of the view as `sp` moved them. Ids of removed
    /// nodes stay as they were: the caller reads again what held them.
    pub fn renumber(&mut self, sp: &Spliced) {
        let map = |id: &mut NodeId| *id = sp.map(*id);
        let field = |f: &mut Option<Field>| {
            if let Some(f) = f {
                f.node = sp.map(f.node);
            }
        };
        if let Some(r) = &mut self.root {
            map(r);
        }
        self.stray_components.iter_mut().for_each(map);
        self.other_root_children.iter_mut().for_each(map);
        for p in &mut self.passes {
            map(&mut p.node);
            for c in &mut p.components {
                map(&mut c.node);
                c.other_settings.iter_mut().for_each(map);
                for l in &mut c.lists {
                    map(&mut l.node);
                    l.strays.iter_mut().for_each(map);
                    // Commands before the splice keep their ids.
                    let from = l.commands.partition_point(|c| c.node < sp.first);
                    for cmd in &mut l.commands[from.saturating_sub(1)..] {
                        map(&mut cmd.node);
                        field(&mut cmd.order);
                        field(&mut cmd.program);
                        field(&mut cmd.description);
                        field(&mut cmd.will_reboot);
                        field(&mut cmd.requires_user_input);
                        cmd.unknown.iter_mut().for_each(map);
                        if let Some(cr) = cmd.credentials.as_deref_mut() {
                            let Credentials {
                                node,
                                domain,
                                username,
                                password,
                                unknown,
                                ..
                            } = cr;
                            map(node);
                            field(domain);
                            field(username);
                            field(password);
                            unknown.iter_mut().for_each(map);
                        }
                    }
                }
            }
        }
    }

    /// Reads the command at `a` again from the tree, as building the view does.
    pub fn rebuild_command(&mut self, a: CommandAddr, tree: &Tree, text: &str) -> Option<()> {
        let list = self.list_mut(a)?;
        let spec = list.spec;
        let cmd = list.commands.get_mut(a.command)?;
        *cmd = build_command(tree, text, cmd.node, spec);
        Some(())
    }
}

impl Answer {
    /// After `sp` removed or added whole items among the children of the list
    /// at `a` (the splice's parent is the list element): every id moved, the
    /// removed commands taken out and the new ones read. Returns where in the
    /// list that happened, how many commands went and how many came. `None`,
    /// with nothing changed, when the splice also removed or added an element
    /// that is not one of this list's items (a stray): the caller rebuilds.
    pub fn splice_items(
        &mut self,
        a: CommandAddr,
        sp: &Spliced,
        tree: &Tree,
        text: &str,
    ) -> Option<(usize, usize, usize)> {
        let list = self.list(a)?;
        if list.node != sp.parent {
            return None;
        }
        let gone = |id: NodeId| sp.was_removed(id);
        if list.strays.iter().any(|&s| gone(s)) {
            return None;
        }
        let at = list.commands.partition_point(|c| c.node < sp.first);
        let removed = list.commands[at..]
            .iter()
            .take_while(|c| gone(c.node))
            .count();
        let spec = list.spec;
        // The new elements among the list's children (after the splice), all items.
        let new: Vec<NodeId> = tree
            .elements(sp.parent)
            .skip_while(|&c| !sp.is_new(c))
            .take_while(|&c| sp.is_new(c))
            .collect();
        if new.iter().any(|&c| tree.local_name(text, c) != spec.item) {
            return None;
        }
        self.renumber(sp);
        let list = self.list_mut(a)?;
        let read = new.iter().map(|&c| build_command(tree, text, c, spec));
        list.commands.splice(at..at + removed, read);
        Some((at, removed, new.len()))
    }
}

impl Command {
    /// The command item `node` of a list with `spec`, read from a tree as
    /// building the view reads it.
    pub fn read(tree: &Tree, text: &str, node: NodeId, spec: &ListSpec) -> Command {
        build_command(tree, text, node, spec)
    }

    /// A copy that holds its own values (read from `tree` and `text`, the
    /// ones it was read from), its elements all standing at `at`: for
    /// looking at a command that is no longer in the document.
    pub fn detached(&self, tree: &Tree, text: &str, at: NodeId) -> Command {
        let own = |f: &Option<Field>| {
            f.as_ref()
                .map(|f| Field::with_value(at, f.value_in(tree, text)))
        };
        Command {
            node: at,
            order: own(&self.order),
            program: own(&self.program),
            description: own(&self.description),
            will_reboot: own(&self.will_reboot),
            requires_user_input: own(&self.requires_user_input),
            credentials: self.credentials.as_deref().map(|c| {
                Box::new(Credentials {
                    node: at,
                    domain: own(&c.domain),
                    username: own(&c.username),
                    username_spelling: c.username_spelling.clone(),
                    password: own(&c.password),
                    unknown: Vec::new(),
                })
            }),
            unknown: Vec::new(),
        }
    }
}
