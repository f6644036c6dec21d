//! The message catalogue covers every stable id a person reads: codes, rules, kinds,
//! elements, parameter types, roles, buyer categories and the common generate parameters.

use clausier::base::i18n::{text_in, Lang};

/// Every stable id people see has its label and explanation in both languages.
#[test]
fn every_code_rule_kind_and_element_has_its_entries() {
    let mut keys = Vec::new();
    for code in clausier::base::error::Code::ALL {
        keys.push(format!("code.{}", code.as_str()));
        keys.push(format!("code.label.{}", code.as_str()));
    }
    for rule in clausier::judge::rules::Rule::ALL {
        keys.push(format!("rule.{}", rule.as_str()));
        keys.push(format!("rules.explain.{}", rule.as_str()));
    }
    for kind in clausier::template::ClauseKind::ALL {
        keys.push(format!("kind.{}", kind.as_str()));
    }
    for element in clausier::template::ElementId::ALL {
        keys.push(format!("element.{}", element.as_str()));
    }
    for kind in clausier::template::ParamType::ALL {
        keys.push(format!("param.type.{}", kind.as_str()));
    }
    for role in clausier::find::role::Role::ALL {
        keys.push(format!("role.{}", role.as_str()));
        keys.push(format!("role.described.{}", role.as_str()));
        keys.push(format!("piece.{}", role.as_str()));
    }
    for buyer in clausier::template::BuyerCategory::ALL {
        keys.push(format!("buyer.{}", buyer.as_str()));
    }
    for p in clausier::write::generate::common_parameters() {
        keys.push(format!("generate.common.{}", p.name));
    }
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| text_in(Lang::En, k) == k.as_str() || text_in(Lang::Fr, k) == k.as_str())
        .collect();
    assert!(missing.is_empty(), "no catalogue entry for {missing:?}");
}
