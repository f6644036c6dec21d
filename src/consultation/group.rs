//! Which documents make one consultation: a zip file is one (a DCE as buyers publish it); a
//! folder that directly holds tender pieces of at least two roles is one, with its sub-folders
//! (the outermost such folder, so that "Pièces techniques/" inside a DCE stays in it).
//! Documents that fall in neither stay alone. Grouping reads only paths and roles, so the same
//! groups come out of a scan and of `report merge`.

use crate::role::Role;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How documents are grouped (`--group`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Grouping {
    /// Zips and folders of tender pieces are consultations.
    #[default]
    Auto,
    /// No consultation: every document alone.
    None,
}

/// One document as grouping sees it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub path: &'a str,
    /// The archive file it was read from.
    pub archive: Option<&'a str>,
    pub role: Option<Role>,
}

/// One consultation: its path (the zip or the folder) and its documents, as indices into the
/// members given, in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub path: String,
    pub members: Vec<usize>,
}

/// Whether a role names a piece of a tender that tells consultations apart.
fn counts(role: Option<Role>) -> bool {
    role.is_some_and(|r| r.is_tender_piece() && r != Role::Unknown)
}

/// The consultations among `members`, in path order.
pub fn groups(members: &[Member<'_>], grouping: Grouping) -> Vec<Group> {
    if grouping == Grouping::None {
        return Vec::new();
    }
    let mut roles: BTreeMap<&Path, BTreeSet<&'static str>> = BTreeMap::new();
    for m in members.iter().filter(|m| m.archive.is_none()) {
        if let (Some(parent), Some(role)) = (Path::new(m.path).parent(), m.role) {
            if counts(Some(role)) {
                roles.entry(parent).or_default().insert(role.as_str());
            }
        }
    }
    let consultation_folders: BTreeSet<&Path> = roles
        .into_iter()
        .filter(|(_, r)| r.len() >= 2)
        .map(|(folder, _)| folder)
        .collect();
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let key = match m.archive {
            Some(archive) => Some(archive.to_string()),
            None => Path::new(m.path)
                .ancestors()
                .skip(1)
                .filter(|a| consultation_folders.contains(a))
                .last()
                .map(folder_name),
        };
        if let Some(key) = key {
            found.entry(key).or_default().push(i);
        }
    }
    found
        .into_iter()
        .map(|(path, members)| Group { path, members })
        .collect()
}

/// A folder's name in a report: "." for the current folder.
fn folder_name(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        ".".to_string()
    } else {
        folder.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(path: &'a str, archive: Option<&'a str>, role: Role) -> Member<'a> {
        Member {
            path,
            archive,
            role: Some(role),
        }
    }

    #[test]
    fn a_zip_is_one_consultation_and_a_folder_of_pieces_another() {
        let members = [
            member("a/dce.zip/RC.pdf", Some("a/dce.zip"), Role::Rc),
            member("a/dce.zip/lots.zip/CCAP.pdf", Some("a/dce.zip"), Role::Ccap),
            member("b/ae.docx", None, Role::Ae),
            member("b/ccap.pdf", None, Role::Ccap),
            member("b/Pièces techniques/cctp.pdf", None, Role::Cctp),
            member("b/Pièces techniques/bpu.ods", None, Role::PriceSchedule),
            member("c/guide.pdf", None, Role::Guide),
            member("c/ccap.pdf", None, Role::Ccap),
        ];
        let got = groups(&members, Grouping::Auto);
        assert_eq!(
            got,
            vec![
                Group {
                    path: "a/dce.zip".into(),
                    members: vec![0, 1]
                },
                Group {
                    path: "b".into(),
                    members: vec![2, 3, 4, 5]
                },
            ]
        );
        assert!(groups(&members, Grouping::None).is_empty());
    }

    #[test]
    fn one_role_is_not_a_consultation() {
        let members = [
            member("x/ccap-2024.pdf", None, Role::Ccap),
            member("x/ccap-2025.pdf", None, Role::Ccap),
            member("x/notes.txt", None, Role::Unknown),
        ];
        assert!(groups(&members, Grouping::Auto).is_empty());
    }
}
