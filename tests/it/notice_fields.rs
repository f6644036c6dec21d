//! The mapping of the README's "Notice fields and articles" table, one test per row: each
//! standard element (TED R2.0.9, eForms) and each article a clause cites, on a minimal document
//! written here, gives the kind and form the table says.

use serde_json::Value;

/// The clauses of one document written to a temporary file: (kind, form) and the parameters.
fn clauses(name: &str, content: &str) -> (Value, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = report["documents"][0].clone();
    let found = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["form"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (doc, found)
}

/// A bare TED R2.0.9 form with one lot, `object` and `lefti` inside its sections.
fn ted(form: &str, object: &str, lot: &str, lefti: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{form}_2014 FORM=\"{form}\" LG=\"FR\">\
         <CONTRACTING_BODY><ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Ville de Testville</OFFICIALNAME>\
         </ADDRESS_CONTRACTING_BODY></CONTRACTING_BODY><OBJECT_CONTRACT><TITLE><P>Entretien des \
         espaces verts</P></TITLE>{object}<OBJECT_DESCR ITEM=\"1\"><TITLE><P>Lot 1</P></TITLE>\
         <LOT_NO>1</LOT_NO><SHORT_DESCR><P>Tonte et taille.</P></SHORT_DESCR>{lot}</OBJECT_DESCR>\
         </OBJECT_CONTRACT><LEFTI>{lefti}</LEFTI></{form}_2014>"
    )
}

fn pair(kind: &str, form: &str) -> (String, String) {
    (kind.to_string(), form.to_string())
}

#[test]
fn ted_iii_1_5_reserved_participation_box() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted("F02", "", "", "<RESTRICTED_SHELTERED_WORKSHOP/>"),
    );
    assert_eq!(doc["role"], "notice");
    assert_eq!(found, [pair("reserved_disability", "mention")], "{doc}");
}

#[test]
fn ted_iii_1_5_sheltered_employment_programme_box() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted("F02", "", "", "<RESTRICTED_SHELTERED_PROGRAM/>"),
    );
    assert_eq!(found, [pair("reserved_disability", "flag")], "{doc}");
}

#[test]
fn ted_iii_1_5_public_service_mission_box_is_no_insertion_clause() {
    // Article 77 of directive 2014/24 (L. 2113-15): organisations with a public-service
    // mission, not insertion; an F21 is a notice by its schema whatever its title.
    let (doc, found) = clauses(
        "avis.xml",
        &ted("F21", "", "", "<RESERVED_ORGANISATIONS_SERVICE_MISSION/>"),
    );
    assert_eq!(doc["role"], "notice");
    assert!(found.is_empty(), "{doc}");
}

#[test]
fn ted_iii_2_2_performance_conditions() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted(
            "F02",
            "",
            "",
            "<PERFORMANCE_CONDITIONS><P>Le titulaire réalise 500 heures d'insertion au profit de \
             personnes éloignées de l'emploi.</P></PERFORMANCE_CONDITIONS>",
        ),
    );
    assert_eq!(found, [pair("execution_condition", "mention")], "{doc}");
    assert_eq!(doc["clauses"][0]["parameters"]["hours"][0], 500);
}

#[test]
fn ted_ii_2_5_award_criterion_and_its_weighting() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted(
            "F02",
            "",
            "<AC><AC_QUALITY><AC_CRITERION>Valeur technique</AC_CRITERION><AC_WEIGHTING>50\
             </AC_WEIGHTING></AC_QUALITY><AC_QUALITY><AC_CRITERION>Performances en matière \
             d'insertion professionnelle des publics en difficulté</AC_CRITERION><AC_WEIGHTING>10\
             </AC_WEIGHTING></AC_QUALITY><AC_PRICE><AC_WEIGHTING>40</AC_WEIGHTING></AC_PRICE></AC>",
            "",
        ),
    );
    assert_eq!(found, [pair("award_criterion", "mention")], "{doc}");
    assert_eq!(
        doc["clauses"][0]["parameters"]["award_weight_percent"],
        10.0
    );
}

#[test]
fn ted_ii_2_14_lot_information_reserving_the_lot() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted(
            "F02",
            "",
            "<INFO_ADD><P>Lot réservé aux structures d'insertion par l'activité économique en \
             application de l'article L. 2113-13 du code de la commande publique.</P></INFO_ADD>",
            "",
        ),
    );
    assert_eq!(found, [pair("reserved_siae", "mention")], "{doc}");
}

#[test]
fn ted_cpv_of_reinsertion_services_in_an_f21() {
    let (doc, found) = clauses(
        "avis.xml",
        &ted(
            "F21",
            "<CPV_MAIN><CPV_CODE CODE=\"75231240\"/></CPV_MAIN><SHORT_DESCR><P>Prestations \
             d'insertion professionnelle ayant pour support l'entretien des espaces verts : \
             parcours d'insertion de salariés en difficulté.</P></SHORT_DESCR>",
            "",
            "",
        ),
    );
    assert_eq!(found, [pair("insertion_market", "mention")], "{doc}");
}

/// One sentence a piece writes, under its title.
fn piece(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

#[test]
fn article_l2112_2_execution_condition() {
    let (doc, found) = clauses(
        "ccap.txt",
        &piece(
            "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES",
            "Article 9 – Clause sociale d'insertion\nEn application de l'article L. 2112-2 du \
             code de la commande publique, le titulaire réalise 400 heures d'insertion au profit \
             de personnes éloignées de l'emploi, avec l'appui du facilitateur.",
        ),
    );
    assert_eq!(found, [pair("execution_condition", "clause")], "{doc}");
}

#[test]
fn articles_l2113_12_and_l2113_13_reservations_and_the_wrong_one() {
    let rc = |structures: &str, article: &str| {
        piece(
            "RÈGLEMENT DE LA CONSULTATION",
            &format!(
                "Article 3 – Lots réservés\nLe lot 2 est réservé aux {structures}, en application \
                 de l'article {article} du code de la commande publique."
            ),
        )
    };
    let (_, found) = clauses(
        "rc.txt",
        &rc(
            "entreprises adaptées et aux établissements et services d'aide par le travail",
            "L. 2113-12",
        ),
    );
    assert_eq!(found, [pair("reserved_disability", "clause")]);
    let (_, found) = clauses(
        "rc.txt",
        &rc(
            "structures d'insertion par l'activité économique",
            "L. 2113-13",
        ),
    );
    assert_eq!(found, [pair("reserved_siae", "clause")]);
    // The structures decide the kind; the article of the other reservation is a finding.
    let (doc, found) = clauses(
        "rc.txt",
        &rc(
            "structures d'insertion par l'activité économique",
            "L. 2113-12",
        ),
    );
    assert_eq!(found, [pair("reserved_siae", "clause")]);
    assert!(doc.to_string().contains("wrong-legal-basis"), "{doc}");
}

#[test]
fn article_l2113_15_ess_reservation_is_no_insertion_clause() {
    let (doc, found) = clauses(
        "rc.txt",
        &piece(
            "RÈGLEMENT DE LA CONSULTATION",
            "Article 2 – Marché réservé\nLe marché est réservé aux entreprises de l'économie \
             sociale et solidaire, en application de l'article L. 2113-15 du code de la commande \
             publique, pour des services de santé, sociaux et culturels.",
        ),
    );
    assert!(found.is_empty(), "{doc}");
}

#[test]
fn article_r2123_1_3_insertion_market() {
    let (doc, found) = clauses(
        "ccp.txt",
        &piece(
            "CAHIER DES CLAUSES PARTICULIÈRES",
            "Article 1 – Objet\nLe marché a pour objet des prestations d'insertion et de \
             qualification professionnelles ayant pour support l'entretien des espaces verts. Il \
             est passé selon la procédure adaptée de l'article R. 2123-1, 3° du code de la \
             commande publique (services sociaux et autres services spécifiques).",
        ),
    );
    assert_eq!(found, [pair("insertion_market", "clause")], "{doc}");
}

#[test]
fn articles_l2152_7_and_r2152_7_award_criterion_in_an_enumeration() {
    let (doc, found) = clauses(
        "rc.txt",
        &piece(
            "RÈGLEMENT DE LA CONSULTATION",
            "Article 7 – Critères d'attribution\nConformément à l'article R. 2152-7 du code de \
             la commande publique, les offres sont jugées sur : le prix (60 %), la valeur \
             technique (30 %) et les performances en matière d'insertion professionnelle des \
             publics en difficulté (10 %).",
        ),
    );
    assert_eq!(found, [pair("award_criterion", "clause")], "{doc}");
    assert_eq!(
        doc["clauses"][0]["parameters"]["award_weight_percent"],
        10.0
    );
}

#[test]
fn ccag_16_1_and_20_1_applied_by_the_ccap_is_the_clause() {
    for (ccag, hours) in [("16.1 du CCAG-FCS", 300), ("20.1 du CCAG-Travaux", 600)] {
        let (doc, found) = clauses(
            "ccap.txt",
            &piece(
                "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES",
                &format!(
                    "Article 12 – Clause sociale d'insertion\nL'article {ccag} s'applique : le \
                     titulaire réserve {hours} heures de travail à l'insertion de personnes \
                     rencontrant des difficultés sociales ou professionnelles particulières. Une \
                     pénalité de 50 € HT par heure non réalisée est appliquée."
                ),
            ),
        );
        assert_eq!(found, [pair("execution_condition", "clause")], "{doc}");
        assert_eq!(doc["clauses"][0]["parameters"]["hours"][0], hours);
    }
}

#[test]
fn eforms_bt_736_reserved_execution_yes_and_its_mandatory_no() {
    let notice = std::fs::read_to_string("fixtures/notices/eforms-cn-reserved.xml").unwrap();
    // The fixture answers the mandatory BT-736 with "no": no reservation of execution.
    let (doc, _) = clauses("avis-no.xml", &notice);
    let flags = doc["notice"]["flags"].to_string();
    assert!(!flags.contains("reserved-execution"), "{flags}");
    let yes = notice.replace(
        "listName=\"reserved-execution\">no<",
        "listName=\"reserved-execution\">yes<",
    );
    let (doc, found) = clauses("avis-yes.xml", &yes);
    assert!(
        doc["notice"]["flags"]
            .to_string()
            .contains("reserved-execution"),
        "{doc}"
    );
    assert!(
        found.iter().any(|(kind, _)| kind == "reserved_disability"),
        "{found:?}"
    );
}
