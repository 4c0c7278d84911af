//! Keeping the typed view in step with an in-place splice of the tree
//! ([`crate::xml::Spliced`]): node ids after the splice move, and the one
//! command whose elements changed is read again.

use super::{Answer, CommandAddr, Credentials, Field, build_command};
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
