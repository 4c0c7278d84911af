//! Edits of the settings outside the command lists (`OOBE/HideEULAPage`,
//! `UserData/ProductKey/Key`, …), addressed by their place in the file.
//!
//! Node ids change after every edit (the document is re-parsed), so a setting
//! is named by a [`SettingAddr`]: its pass and component (indexes into the
//! typed view) and the element path below the component, each step a local
//! name and the index among siblings of that name. The address is resolved
//! against the current document each time an operation is planned.

use super::layout::{Markup, child_prefix, insert_child, remove_node, set_content};
use super::{OpError, op_err, wcm_action};
use crate::answer::Answer;
use crate::catalog::settings::{self, SettingInfo};
use crate::document::{Document, Edit};
use crate::xml::{NodeId, Tree, escape_text};

/// A setting element by place: pass, component, and the path below the
/// component as `(local name, index among same-named siblings)` steps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SettingAddr {
    /// Index into `Answer::passes`.
    pub pass: usize,
    /// Index into `Pass::components`.
    pub component: usize,
    /// Steps from the component down to the element; never empty.
    pub path: Vec<(String, usize)>,
}

impl SettingAddr {
    /// A direct child of the component.
    pub fn top(pass: usize, component: usize, name: &str, index: usize) -> SettingAddr {
        SettingAddr {
            pass,
            component,
            path: vec![(name.to_owned(), index)],
        }
    }

    /// A child of this element.
    pub fn child(&self, name: &str, index: usize) -> SettingAddr {
        let mut path = self.path.clone();
        path.push((name.to_owned(), index));
        SettingAddr { path, ..*self }
    }

    /// The containing setting; `None` for a direct child of the component.
    pub fn parent(&self) -> Option<SettingAddr> {
        (self.path.len() > 1).then(|| SettingAddr {
            path: self.path[..self.path.len() - 1].to_vec(),
            ..*self
        })
    }

    /// The element's local name.
    pub fn name(&self) -> &str {
        self.path.last().map_or("", |(n, _)| n.as_str())
    }

    /// The path as the settings catalog writes it: `OOBE/HideEULAPage`.
    pub fn catalog_path(&self) -> String {
        let names: Vec<&str> = self.path.iter().map(|(n, _)| n.as_str()).collect();
        names.join("/")
    }

    /// The element this address names in `doc`, if it is there.
    pub fn resolve(&self, doc: &Document, answer: &Answer) -> Option<NodeId> {
        let comp = answer
            .passes
            .get(self.pass)?
            .components
            .get(self.component)?;
        let (text, tree) = (doc.text(), doc.tree());
        let mut at = comp.node;
        for (name, index) in &self.path {
            at = tree
                .elements(at)
                .filter(|&c| tree.local_name(text, c) == name)
                .nth(*index)?;
        }
        Some(at)
    }

    /// The address of `node`, an element somewhere below component
    /// (`pass`, `component`); `None` when it is not below it.
    pub fn of_node(
        doc: &Document,
        answer: &Answer,
        pass: usize,
        component: usize,
        node: NodeId,
    ) -> Option<SettingAddr> {
        let comp = answer.passes.get(pass)?.components.get(component)?;
        let (text, tree) = (doc.text(), doc.tree());
        let mut path = Vec::new();
        let mut at = node;
        while at != comp.node {
            let name = tree.local_name(text, at);
            path.push((name.to_owned(), same_name_index(tree, text, at)));
            at = tree.parent(at)?;
        }
        path.reverse();
        (!path.is_empty()).then_some(SettingAddr {
            pass,
            component,
            path,
        })
    }
}

/// How many earlier siblings of `node` share its local name.
pub fn same_name_index(tree: &Tree, text: &str, node: NodeId) -> usize {
    let name = tree.local_name(text, node);
    let Some(parent) = tree.parent(node) else {
        return 0;
    };
    // One forward walk (a previous-sibling step would re-walk the parent's children).
    tree.elements(parent)
        .take_while(|&c| c != node)
        .filter(|&c| tree.local_name(text, c) == name)
        .count()
}

/// The catalog entry for a setting at `addr`, when the component and path are documented.
pub fn info_at(answer: &Answer, addr: &SettingAddr) -> Option<&'static SettingInfo> {
    let comp = answer
        .passes
        .get(addr.pass)?
        .components
        .get(addr.component)?;
    settings::setting(comp.name.as_deref()?, &addr.catalog_path())
}

/// The address a new `name` child of `parent` (the component when `None`)
/// gets: [`add`] appends it after the existing children.
pub fn added_addr(
    doc: &Document,
    answer: &Answer,
    pass: usize,
    component: usize,
    parent: Option<&SettingAddr>,
    name: &str,
) -> Option<SettingAddr> {
    let at = match parent {
        Some(p) => p.resolve(doc, answer)?,
        None => answer.passes.get(pass)?.components.get(component)?.node,
    };
    let (text, tree) = (doc.text(), doc.tree());
    let index = tree
        .elements(at)
        .filter(|&c| tree.local_name(text, c) == name)
        .count();
    Some(match parent {
        Some(p) => p.child(name, index),
        None => SettingAddr::top(pass, component, name, index),
    })
}

fn resolve(doc: &Document, answer: &Answer, addr: &SettingAddr) -> Result<NodeId, OpError> {
    addr.resolve(doc, answer)
        .ok_or_else(|| OpError(format!("no setting {} here", addr.catalog_path())))
}

/// Edits that replace a value setting's text (a self-closing element is expanded).
pub fn set(
    doc: &Document,
    answer: &Answer,
    addr: &SettingAddr,
    value: &str,
) -> Result<Vec<Edit>, OpError> {
    let node = resolve(doc, answer, addr)?;
    if doc.tree().has_element_children(node) {
        return op_err(format!("{} holds child elements, not a value", addr.name()));
    }
    Ok(vec![set_content(doc, node, &escape_text(value))])
}

/// Edits that append a new, empty `name` element under `parent` (the
/// component when `None`): `<Name></Name>` for values and containers, with
/// `wcm:action="add"` for documented list items.
pub fn add(
    doc: &Document,
    answer: &Answer,
    pass: usize,
    component: usize,
    parent: Option<&SettingAddr>,
    name: &str,
) -> Result<Vec<Edit>, OpError> {
    let comp = answer
        .passes
        .get(pass)
        .and_then(|p| p.components.get(component))
        .ok_or_else(|| OpError("no such component".into()))?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
    {
        return op_err(format!("\"{name}\" is not an element name"));
    }
    let at = match parent {
        Some(p) => resolve(doc, answer, p)?,
        None => comp.node,
    };
    let (text, tree) = (doc.text(), doc.tree());
    if parent.is_some() && !tree.has_element_children(at) && !tree.value(text, at).trim().is_empty()
    {
        return op_err("that setting holds a value; it cannot take child elements");
    }
    let path = match parent {
        Some(p) => format!("{}/{name}", p.catalog_path()),
        None => name.to_owned(),
    };
    let info = comp
        .name
        .as_deref()
        .and_then(|c| settings::setting(c, &path));
    let list_item = info.is_some_and(|i| i.list_item);
    let present = tree.elements(at).any(|c| tree.local_name(text, c) == name);
    if present && !list_item {
        return op_err(format!("{name} is already there"));
    }
    let p = child_prefix(doc, at);
    let mut attrs = if list_item {
        format!(" {}", wcm_action(doc, at))
    } else {
        String::new()
    };
    // A list item keyed by wcm:keyValue gets the next free number, so it is
    // told apart from its siblings (U073 otherwise).
    if list_item && info.is_some_and(|i| i.key_form == Some(settings::KeyForm::Attribute)) {
        let next = tree
            .elements(at)
            .filter(|&c| tree.local_name(text, c) == name)
            .filter_map(|c| {
                tree.attrs(c)
                    .iter()
                    .find(|a| crate::xml::split_qname(a.name.of(text)).1 == "keyValue")
                    .and_then(|a| a.value.of(text).trim().parse::<u64>().ok())
            })
            .max()
            .unwrap_or(0)
            + 1;
        let q = super::layout::quote_char(doc);
        let prefix = match tree.prefix_for(text, at, crate::catalog::NS_WCM) {
            Some(p) if !p.is_empty() => p,
            _ => "wcm",
        };
        attrs.push_str(&format!(" {prefix}:keyValue={q}{next}{q}"));
    }
    let m = Markup::line(format!("<{p}{name}{attrs}></{p}{name}>"));
    Ok(vec![insert_child(doc, at, None, &m)])
}

/// Edits that remove a setting element (its line goes with it when it stands alone).
pub fn remove(doc: &Document, answer: &Answer, addr: &SettingAddr) -> Result<Vec<Edit>, OpError> {
    let node = resolve(doc, answer, addr)?;
    Ok(vec![remove_node(doc, node)])
}

#[cfg(test)]
mod tests;
