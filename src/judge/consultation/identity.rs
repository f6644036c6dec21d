//! A consultation's identity and the facts the loi Climat obligation needs, from what each
//! piece says (`facts`): the pieces that set them are asked first (a notice, then the RC, then
//! the AE and the CCAP), the others fill the gaps.

use super::LaunchSource;
use crate::base::dates::Date;
use crate::find::facts::{Facts, Nature};
use crate::find::role::Role;
use crate::judge::verdict::DocumentReport;
use crate::template::BuyerCategory;

/// What the consultation is, from all its pieces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    pub reference: Option<String>,
    pub buyer: Option<String>,
    pub object: Option<String>,
    pub launch: Option<(Date, LaunchSource)>,
    pub amount_eur: Option<f64>,
    pub nature: Option<Nature>,
    pub buyer_category: Option<BuyerCategory>,
    pub defence: bool,
    /// The piece and the words by which the buyer records why there is no social condition.
    pub exemption: Option<(String, String)>,
    /// The first piece that says the operation is ANRU-funded.
    pub anru: Option<String>,
}

/// The order in which pieces are asked what the consultation is, which is also the order in
/// which a reader goes through a DCE.
pub(crate) fn rank(role: Option<Role>) -> usize {
    const ORDER: [Role; 8] = [
        Role::Notice,
        Role::Rc,
        Role::Ae,
        Role::Ccap,
        Role::Ccp,
        Role::Contract,
        Role::Cctp,
        Role::QaRegister,
    ];
    role.and_then(|r| ORDER.iter().position(|o| *o == r))
        .unwrap_or(ORDER.len())
}

/// The consultation's identity from its documents' reports.
pub fn consolidate(documents: &[&DocumentReport]) -> Identity {
    let mut ranked: Vec<(&DocumentReport, &Facts)> = documents
        .iter()
        .filter_map(|d| d.facts.as_ref().map(|f| (*d, f)))
        .collect();
    ranked.sort_by_key(|(d, _)| rank(d.role));
    let first = |get: &dyn Fn(&Facts) -> Option<String>| ranked.iter().find_map(|(_, f)| get(f));
    let launch = ranked
        .iter()
        .find_map(|(_, f)| f.sent_date)
        .map(|d| (d, LaunchSource::Notice))
        .or_else(|| {
            // An RC is often dated by its offers deadline: that date bounds the launch, it is
            // not the launch.
            let deadlines: Vec<Date> = ranked
                .iter()
                .filter_map(|(_, f)| f.offers_deadline)
                .collect();
            documents
                .iter()
                .filter(|d| d.role == Some(Role::Rc))
                .find_map(|d| d.date)
                .map(|d| {
                    if deadlines.contains(&d) {
                        (d, LaunchSource::OffersDeadline)
                    } else {
                        (d, LaunchSource::Rc)
                    }
                })
        })
        .or_else(|| {
            ranked
                .iter()
                .filter_map(|(_, f)| f.offers_deadline)
                .min()
                .map(|d| (d, LaunchSource::OffersDeadline))
        });
    Identity {
        reference: first(&|f| f.reference.clone()),
        buyer: first(&|f| f.buyer.clone()),
        object: first(&|f| f.object.clone()),
        launch,
        amount_eur: ranked
            .iter()
            .filter_map(|(_, f)| f.amount_eur)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v)))),
        nature: ranked.iter().find_map(|(_, f)| f.nature),
        buyer_category: ranked.iter().find_map(|(_, f)| f.buyer_category),
        defence: ranked.iter().any(|(_, f)| f.defence),
        exemption: ranked.iter().find_map(|(d, f)| {
            f.exemption
                .as_ref()
                .map(|words| (d.path.clone(), words.clone()))
        }),
        anru: ranked
            .iter()
            .find(|(_, f)| f.anru)
            .map(|(d, _)| d.path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(
        path: &str,
        role: &str,
        date: Option<&str>,
        facts: serde_json::Value,
    ) -> DocumentReport {
        serde_json::from_value(serde_json::json!({
            "path": path, "format": "txt", "status": "ok", "error": null, "warnings": [],
            "considerations_sociales": null, "clauses": [], "findings": [], "reader": "txt",
            "pages": null, "date": date, "role": role, "facts": facts
        }))
        .unwrap()
    }

    #[test]
    fn the_launch_date_is_the_notice_sent_else_the_rc_date_else_a_deadline_bound() {
        let rc = piece(
            "d/rc.txt",
            "rc",
            Some("2026-09-30"),
            serde_json::json!({"offers_deadline": "2026-09-30"}),
        );
        let launch = consolidate(&[&rc]).launch;
        assert_eq!(
            launch,
            Some((
                Date::new(2026, 9, 30).unwrap(),
                LaunchSource::OffersDeadline
            )),
            "an RC dated by its deadline only bounds the launch"
        );
        let dated = piece(
            "d/rc.txt",
            "rc",
            Some("2026-09-01"),
            serde_json::json!({"offers_deadline": "2026-09-30"}),
        );
        assert_eq!(
            consolidate(&[&dated]).launch,
            Some((Date::new(2026, 9, 1).unwrap(), LaunchSource::Rc))
        );
        let notice = piece(
            "d/avis.txt",
            "notice",
            None,
            serde_json::json!({"sent_date": "2026-08-10"}),
        );
        assert_eq!(
            consolidate(&[&rc, &notice]).launch,
            Some((Date::new(2026, 8, 10).unwrap(), LaunchSource::Notice))
        );
    }
}
