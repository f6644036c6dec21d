//! Which documents make one consultation: a zip file is one (a DCE as buyers publish it); a
//! folder that directly holds tender pieces of at least two roles is one, with its sub-folders
//! (the outermost such folder, so that "Pièces techniques/" inside a DCE stays in it), unless
//! its pieces state the numbers of different consultations, name different buyers, or it holds
//! two RCs (a corpus, an archive of tenders).
//! Documents that fall in neither stay alone. Grouping reads only paths and roles, so the same
//! groups come out of a scan and of `report merge`.

use crate::find::role::Role;
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
    /// The consultation number the document states, if any.
    pub reference: Option<&'a str>,
    /// The buyer the document names, if any.
    pub buyer: Option<&'a str>,
}

/// Words of a buyer's name that tell buyers apart: not the kind of body ("commune",
/// "ville", "office public de l'habitat"…) nor the little words, so that "Ville de
/// Vallon-sur-Orne" and "Commune de Vallon-sur-Orne" are one buyer.
fn buyer_words(buyer: &str) -> BTreeSet<String> {
    const GENERIC: [&str; 24] = [
        "commune",
        "ville",
        "mairie",
        "département",
        "departement",
        "conseil",
        "région",
        "region",
        "office",
        "public",
        "publique",
        "habitat",
        "établissement",
        "etablissement",
        "syndicat",
        "communauté",
        "communaute",
        "agglomération",
        "agglomeration",
        "métropole",
        "metropole",
        "société",
        "societe",
        "direction",
    ];
    buyer
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !GENERIC.contains(&w.as_str()))
        .collect()
}

/// Whether the buyers named in one folder are different bodies: two names that share no
/// distinctive word. Names only partly read are not told apart (a shared word suffices).
fn names_several_buyers(buyers: &BTreeSet<String>) -> bool {
    let words: Vec<BTreeSet<String>> = buyers
        .iter()
        .map(|b| buyer_words(b))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|a| words.iter().any(|b| a.is_disjoint(b)))
}

/// A consultation number reduced to its letters and digits, upper case: "2026-TX-014" and
/// "2026 TX 014" are the same.
fn reduced(reference: &str) -> String {
    reference
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether the numbers stated in one folder name different consultations: two numbers of
/// which neither extends the other ("2026-014" and "2026-014-01", a lot's number, are one
/// consultation; "2026-014" and "2025-101" are two). A folder of unrelated documents (a
/// corpus, an archive of many tenders) is a collection, not a consultation.
fn names_several(references: &BTreeSet<String>) -> bool {
    references.iter().any(|a| {
        references
            .iter()
            .any(|b| a != b && !a.starts_with(b.as_str()) && !b.starts_with(a.as_str()))
    })
}

/// One consultation: its path (the zip or the folder) and its documents, as indices into the
/// members given, in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub path: String,
    pub members: Vec<usize>,
}

/// Whether a role names a piece of a tender that tells consultations apart: not an unknown
/// document, nor "some tender piece" (a text that merely speaks of candidates).
fn counts(role: Option<Role>) -> bool {
    role.is_some_and(|r| {
        r.is_tender_piece() && !matches!(r, Role::Unknown | Role::OtherTenderPiece)
    })
}

/// The consultations among `members`, in path order.
pub fn groups(members: &[Member<'_>], grouping: Grouping) -> Vec<Group> {
    if grouping == Grouping::None {
        return Vec::new();
    }
    let mut roles: BTreeMap<&Path, BTreeSet<&'static str>> = BTreeMap::new();
    // Over each folder's whole tree (its sub-folders are part of its consultation): the
    // numbers its pieces state, and its RCs (one per consultation, perhaps in two formats
    // under one name).
    let mut references: BTreeMap<&Path, BTreeSet<String>> = BTreeMap::new();
    let mut rcs: BTreeMap<&Path, BTreeSet<std::path::PathBuf>> = BTreeMap::new();
    let mut buyers: BTreeMap<&Path, BTreeSet<String>> = BTreeMap::new();
    for m in members.iter().filter(|m| m.archive.is_none()) {
        let path = Path::new(m.path);
        let (Some(parent), Some(role)) = (path.parent(), m.role) else {
            continue;
        };
        if !counts(Some(role)) {
            continue;
        }
        roles.entry(parent).or_default().insert(role.as_str());
        for folder in path.ancestors().skip(1) {
            if let Some(r) = m.reference.map(reduced).filter(|r| !r.is_empty()) {
                references.entry(folder).or_default().insert(r);
            }
            if let Some(b) = m.buyer {
                buyers.entry(folder).or_default().insert(b.to_string());
            }
            if role == Role::Rc {
                // "rc.pdf" and "rc.md" side by side are one RC in two formats.
                rcs.entry(folder)
                    .or_default()
                    .insert(path.with_extension(""));
            }
        }
    }
    let consultation_folders: BTreeSet<&Path> = roles
        .into_iter()
        .filter(|(folder, r)| {
            r.len() >= 2
                && !references.get(folder).is_some_and(names_several)
                && !buyers.get(folder).is_some_and(names_several_buyers)
                && rcs.get(folder).is_none_or(|stems| stems.len() < 2)
        })
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
            reference: None,
            buyer: None,
        }
    }

    #[test]
    fn a_folder_whose_pieces_name_different_buyers_is_a_collection() {
        let bought = |path, role, buyer| Member {
            buyer: Some(buyer),
            ..member(path, None, role)
        };
        let two = [
            bought("mix/rc.pdf", Role::Rc, "Commune de Vallon-sur-Orne"),
            bought(
                "mix/ccap.pdf",
                Role::Ccap,
                "Office public de l'habitat Rives de Loire",
            ),
        ];
        assert!(groups(&two, Grouping::Auto).is_empty());
        let one = [
            bought("dce/rc.pdf", Role::Rc, "Commune de Vallon-sur-Orne"),
            bought("dce/ccap.pdf", Role::Ccap, "Ville de Vallon-sur-Orne"),
            member("dce/ae.pdf", None, Role::Ae),
        ];
        assert_eq!(groups(&one, Grouping::Auto).len(), 1);
        // A name of generic words only says nothing either way.
        let vague = [
            bought("v/rc.pdf", Role::Rc, "La commune"),
            bought("v/ccap.pdf", Role::Ccap, "Commune de Vallon-sur-Orne"),
        ];
        assert_eq!(groups(&vague, Grouping::Auto).len(), 1);
    }

    #[test]
    fn a_folder_of_different_consultations_is_a_collection() {
        let numbered = |path, role, reference| Member {
            reference: Some(reference),
            ..member(path, None, role)
        };
        let corpus = [
            numbered("corpus/a-rc.pdf", Role::Rc, "2026-TX-014"),
            numbered("corpus/b-ccap.pdf", Role::Ccap, "2025-101"),
        ];
        assert!(groups(&corpus, Grouping::Auto).is_empty());
        let dce = [
            numbered("dce/rc.pdf", Role::Rc, "2026-TX-014"),
            numbered("dce/ae-lot1.docx", Role::Ae, "2026 TX 014-01"),
            member("dce/ccap.pdf", None, Role::Ccap),
        ];
        assert_eq!(groups(&dce, Grouping::Auto).len(), 1);
        let two_rcs = [
            member("tenders/rc-ville.pdf", None, Role::Rc),
            member("tenders/rc-departement.pdf", None, Role::Rc),
            member("tenders/ccap-ville.pdf", None, Role::Ccap),
        ];
        assert!(groups(&two_rcs, Grouping::Auto).is_empty());
        // A folder with stray pieces above several DCEs does not swallow them.
        let above = [
            member("tenders/notes-ccap.md", None, Role::Ccap),
            member("tenders/index-ae.md", None, Role::Ae),
            member("tenders/a/rc.pdf", None, Role::Rc),
            member("tenders/a/ccap.pdf", None, Role::Ccap),
            member("tenders/b/rc.pdf", None, Role::Rc),
            member("tenders/b/ae.pdf", None, Role::Ae),
        ];
        let got: Vec<String> = groups(&above, Grouping::Auto)
            .into_iter()
            .map(|g| g.path)
            .collect();
        assert_eq!(got, ["tenders/a", "tenders/b"]);
        let one_rc_in_two_formats = [
            member("aq/rc.md", None, Role::Rc),
            member("aq/rc.pdf", None, Role::Rc),
            member("aq/ccap.pdf", None, Role::Ccap),
        ];
        assert_eq!(groups(&one_rc_in_two_formats, Grouping::Auto).len(), 1);
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
