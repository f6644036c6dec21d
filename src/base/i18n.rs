//! Every sentence a person reads, in French (the default: our users are French buyers) and in
//! English, from one catalogue. Machine outputs (JSON, JSONL, CSV headers, rule ids, codes)
//! never go through it: they keep their stable English identifiers.
//!
//! Adding a message is one entry in [`CATALOGUE`]: a key, the French text, the English text.
//! Placeholders are written `{name}` and filled by [`msg!`](crate::msg); a text with a
//! singular and a plural form separates them with `|` and is chosen by [`msg_n!`](crate::msg_n)
//! (French counts 0 and 1 as singular, English only 1). A key missing from the catalogue is
//! printed as itself, and a test fails for every key the code uses that has no entry.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

/// The language of human-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// "fr", "en", or a locale such as "fr_FR.UTF-8" / "en-GB".
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "fr" || s.starts_with("fr_") || s.starts_with("fr-") {
            Some(Lang::Fr)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of every later message (once, at start-up).
pub fn set_lang(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Fr => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language chosen by [`set_lang`] (French unless told otherwise).
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Fr,
    }
}

/// The text of `key` in the current language (the key itself if the catalogue lacks it).
pub fn text(key: &str) -> &str {
    text_in(lang(), key)
}

/// The text of `key` in `lang` (the key itself if the catalogue lacks it).
pub fn text_in(lang: Lang, key: &str) -> &str {
    lookup_in(lang, key).unwrap_or(key)
}

/// The text of `key` in the current language, if the catalogue has it.
pub fn lookup(key: &str) -> Option<&'static str> {
    lookup_in(lang(), key)
}

/// Position of each key in [`CATALOGUE`].
static INDEX: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    CATALOGUE
        .iter()
        .enumerate()
        .map(|(i, (key, _, _))| (*key, i))
        .collect()
});

fn lookup_in(lang: Lang, key: &str) -> Option<&'static str> {
    let i = *INDEX.get(key)?;
    Some(match lang {
        Lang::Fr => CATALOGUE[i].1,
        Lang::En => CATALOGUE[i].2,
    })
}

/// A text from a data file (a model clause, a rule table) in French and, when the file gives
/// it, in English (`<field>_en` beside the French field). A reviewer's own model without the
/// English twin still reads in French under `--lang en` rather than not at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Localized {
    /// The French text, always present: the data files are written for French buyers.
    pub fr: String,
    /// The English text, when the file has one.
    pub en: Option<String>,
}

impl Localized {
    /// A text from its French field and its optional English twin, both trimmed.
    pub fn new(fr: &str, en: Option<&str>) -> Self {
        Localized {
            fr: fr.trim().to_string(),
            en: en.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()),
        }
    }

    /// The text in the current language (French when the English twin is missing).
    pub fn get(&self) -> &str {
        self.get_in(lang())
    }

    /// The text in `lang` (French when the English twin is missing).
    pub fn get_in(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.fr,
        }
    }
}

/// Written as the text in the current language, like every human text of the JSON outputs.
impl serde::Serialize for Localized {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.get())
    }
}

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

/// Replaces each `{name}` of `template` by its value.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The singular or plural form of a `singular|plural` text for `n`.
pub fn plural(template: &str, n: u64) -> &str {
    let Some((one, many)) = template.split_once('|') else {
        return template;
    };
    let singular = match lang() {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    if singular {
        one
    } else {
        many
    }
}

/// The message `key` in the current language, placeholders filled:
/// `msg!("error.interrupted", done = n, total = m)`.
#[macro_export]
macro_rules! msg {
    ($key:literal) => {
        $crate::base::i18n::text($key).to_string()
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::base::i18n::fill(
            $crate::base::i18n::text($key),
            &[$((stringify!($name), ($value).to_string())),+],
        )
    };
}

/// Like [`msg!`], choosing the singular or plural form for the count `n` (also a placeholder).
#[macro_export]
macro_rules! msg_n {
    ($key:literal, $n:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let n: u64 = ($n) as u64;
        $crate::base::i18n::fill(
            $crate::base::i18n::plural($crate::base::i18n::text($key), n),
            &[("n", $crate::base::typography::integer(n)) $(, (stringify!($name), ($value).to_string()))*],
        )
    }};
}

/// Key, French, English; kept in key order for the reader (a test checks it).
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    ("basis.reserved_disability", "l'article L. 2113-12 du code de la commande publique (entreprises adaptées, ESAT et structures équivalentes)", "article L. 2113-12 of the public procurement code (adapted enterprises, ESAT and equivalent structures)"),
    ("basis.reserved_siae", "l'article L. 2113-13 du code de la commande publique (SIAE et structures équivalentes)", "article L. 2113-13 of the public procurement code (SIAE and equivalent structures)"),
    ("buyer.central_government", "autorité publique centrale", "central government authority"),
    ("buyer.contracting_authority", "pouvoir adjudicateur", "contracting authority"),
    ("buyer.contracting_entity", "entité adjudicatrice", "contracting entity"),
    ("check.diff.more", "… et {n} autre passage différent (--diff full pour tout voir)|… et {n} autres passages différents (--diff full pour tout voir)", "… and {n} more differing passage (--diff full shows everything)|… and {n} more differing passages (--diff full shows everything)"),
    ("check.diff.title", "Écart avec le modèle, phrase par phrase (− modèle, + clause) :", "Difference from the model, sentence by sentence (− model, + clause):"),
    ("cli.about", "Trouve, vérifie et rédige les clauses sociales d'insertion des marchés publics français.", "Find, check and generate the social insertion clauses of French public procurement."),
    ("cli.arg.csv_bom", "Commence le CSV par une marque d'ordre d'octets UTF-8 (pour Excel)", "Start the CSV with a UTF-8 byte-order mark (for Excel)"),
    ("cli.arg.csv_delimiter", "Séparateur de champs CSV (les tableurs français attendent ';', qui écrit aussi les décimales avec une virgule)", "CSV field separator (French spreadsheets expect ';', which also writes decimals with a comma)"),
    ("cli.arg.csv_level", "Une ligne CSV par : document (par défaut, avec une ligne par clause), consultation, ou clause de consultation", "One CSV row per: document (default, with one row per clause), consultation, or consultation clause"),
    ("cli.arg.format", "Format de sortie", "Output format"),
    ("cli.arg.group", "Regroupe les pièces en consultations : auto (un ZIP, ou un dossier qui contient des pièces de marché d'au moins deux sortes, avec ses sous-dossiers) ou none (chaque document seul)", "Group the pieces into consultations: auto (a zip, or a folder that directly holds tender pieces of at least two roles, with its sub-folders) or none (every document alone)"),
    ("cli.arg.help", "Affiche l'aide", "Print help"),
    ("cli.arg.isolate", "Lit chaque fichier dans un processus fils tué à la limite de temps (archives non fiables : survit aux débordements de pile et aux abandons des analyseurs)", "Read each file in a child process that is killed at the time limit (for untrusted archives: survives parser stack overflows and aborts)"),
    ("cli.arg.jobs", "Nombre de documents lus en parallèle (par défaut : un par cœur ; au plus 64)", "Number of documents read in parallel (default: one per core; at most 64)"),
    ("cli.arg.lang", "Langue des messages : fr (par défaut) ou en ; aussi CLAUSIER_LANG", "Language of the messages: fr (default) or en; also CLAUSIER_LANG"),
    ("cli.arg.max_file_size", "Plus gros fichier lu, par ex. 200M, 1G, 500k", "Largest file read, e.g. 200M, 1G, 500k"),
    ("cli.arg.max_pages", "Nombre maximal de pages lues dans un PDF", "Most pages read from one PDF"),
    ("cli.arg.max_text", "Nombre maximal de caractères de texte gardés d'un fichier, par ex. 20M (= 20 × 1 048 576)", "Most characters of text kept from one file, e.g. 20M (= 20 × 1 048 576)"),
    ("cli.arg.max_unpacked", "Nombre maximal d'octets décompressés d'un fichier (entrées zip, flux PDF), par ex. 512M", "Most bytes decompressed from one file (zip entries, PDF streams), e.g. 512M"),
    ("cli.arg.ocr", "Reconnaissance de caractères (OCR) des pages numérisées des PDF avec Tesseract : auto (pages sans couche texte exploitable, si Tesseract est installé), never (jamais), always (toute page numérisée, même avec une couche texte)", "OCR of scanned PDF pages with Tesseract: auto (pages without a usable text layer, when Tesseract is installed), never, always (every scanned page, even with a text layer)"),
    ("cli.arg.output", "Écrit le rapport dans ce fichier au lieu de la sortie standard", "Write the report to this file instead of standard output"),
    ("cli.arg.templates", "Dossier de modèles de clauses qui s'ajoutent aux modèles livrés ou les remplacent (même organisation que clause-templates/)", "Folder of model clauses that add to or override the shipped ones (same layout as clause-templates/)"),
    ("cli.arg.timeout_per_file", "Temps maximal de lecture d'un fichier, en secondes", "Time limit for reading one file, in seconds"),
    ("cli.arg.verbose", "Montre aussi la cause brute des erreurs (message de la bibliothèque ou du système)", "Also show the raw cause of errors (the library's or the system's message)"),
    ("cli.arg.version", "Affiche la version", "Print version"),
    ("cli.check", "Vérifie un document : chaque clause d'insertion, son modèle, ses chiffres, les constats et l'écart avec le modèle", "Check one document: each insertion clause, its model, figures, findings and diff"),
    ("cli.check.color", "Couleurs dans le rapport lisible", "Colour the human output"),
    ("cli.check.diff", "Écart avec le modèle : court (par défaut, phrases différentes, tronqué), full (tout) ou none (rien)", "Difference from the model: short (default: differing sentences, truncated), full (everything) or none"),
    ("cli.check.file", "Le document à vérifier ; une archive ZIP ou un dossier de pièces : chaque document, puis la consultation", "The document to check; a zip archive or a folder of pieces: each document, then the consultation"),
    ("cli.check.no_diff", "N'affiche pas l'écart avec le modèle (comme --diff none)", "Do not print the difference from the model (same as --diff none)"),
    ("cli.check.redline", "Écrit aussi une version annotée : chaque clause avec ses corrections en modifications suivies et commentaires (OUT.docx, pour Word ou LibreOffice) ou en marques ins/del (OUT.html, pour un navigateur)", "Also write a redline: each clause with its corrections as tracked changes and comments (OUT.docx, for Word or LibreOffice) or as ins/del marks (OUT.html, for a browser)"),
    ("cli.command_name", "COMMANDE", "COMMAND"),
    ("cli.default", "défaut\u{a0}:\u{a0}{value}", "default: {value}"),
    ("cli.error", "erreur : {what}", "error: {what}"),
    ("cli.error.conflict", "{arg} ne peut pas aller avec {other}", "{arg} cannot be used with {other}"),
    ("cli.error.invalid_value", "valeur {value} refusée pour {arg} ; valeurs possibles : {valid}", "invalid value {value} for {arg}; possible values: {valid}"),
    ("cli.error.missing", "argument obligatoire absent : {args}", "missing required argument: {args}"),
    ("cli.error.missing_command", "il manque la commande (check, scan, text, generate…)", "a command is missing (check, scan, text, generate…)"),
    ("cli.error.more", "Pour en savoir plus : clausier --help, ou clausier COMMANDE --help", "For more information: clausier --help, or clausier COMMAND --help"),
    ("cli.error.no_equals", "{arg} attend sa valeur après un signe =", "{arg} expects its value after an equals sign"),
    ("cli.error.other", "ligne de commande incorrecte ({kind})", "invalid command line ({kind})"),
    ("cli.error.unknown_argument", "option inconnue : {arg}", "unknown option: {arg}"),
    ("cli.error.unknown_command", "commande inconnue : {command}", "unknown command: {command}"),
    ("cli.error.validation", "valeur {value} refusée pour {arg} : {cause}", "invalid value {value} for {arg}: {cause}"),
    ("cli.error.values", "nombre de valeurs incorrect pour {arg} ({value})", "wrong number of values for {arg} ({value})"),
    ("cli.errors", "Liste les codes d'erreur et d'avertissement par fichier, avec ce qu'il faut faire", "List the per-file error and warning codes with what to do about each"),
    ("cli.generate", "Rédige une clause conforme à partir d'un modèle et des paramètres du marché", "Write a compliant clause from a model and the tender's parameters"),
    ("cli.generate.format", "Format de sortie (par défaut : d'après l'extension de -o, sinon Markdown)", "Output format (default: from the -o extension, else Markdown)"),
    ("cli.generate.output", "Écrit dans ce fichier au lieu de la sortie standard", "Write to this file instead of standard output"),
    ("cli.generate.params", "Paramètres du marché, en TOML ou JSON (voir fixtures/generate/tender.toml)", "Parameters of the tender, TOML or JSON (see fixtures/generate/tender.toml)"),
    ("cli.generate.set", "Remplace un paramètre : clé=valeur (les clés pointées entrent dans les tables : facilitator.name=PLIE)", "Override one parameter: key=value (dotted keys reach into tables: facilitator.name=PLIE)"),
    ("cli.generate.template", "Le modèle à rédiger (voir clausier templates)", "The model to render (see clausier templates)"),
    ("cli.heading.arguments", "Arguments\u{a0}", "Arguments"),
    ("cli.heading.commands", "Commandes\u{a0}", "Commands"),
    ("cli.heading.options", "Options\u{a0}", "Options"),
    ("cli.help", "Affiche cette aide, ou celle des sous-commandes données", "Print this message or the help of the given subcommand(s)"),
    ("cli.not_size", "{value} n'est pas une taille ; par ex. 200M", "not a size: {value}; e.g. 200M"),
    ("cli.ocr_unavailable", "--ocr always : Tesseract n'est pas installé (`apt-get install tesseract-ocr tesseract-ocr-fra`)", "--ocr always: Tesseract is not installed (`apt-get install tesseract-ocr tesseract-ocr-fra`)"),
    ("cli.options", "Options :", "Options:"),
    ("cli.report", "Travaille sur les rapports : réunit les sorties JSONL d'analyses en tranches", "Work on reports: merge the JSONL outputs of sharded scans"),
    ("cli.report.merge", "Réunit les sorties JSONL de plusieurs analyses (tranches) en un rapport", "Combine the JSONL outputs of several scans (shards) into one report"),
    ("cli.report.merge.inputs", "Fichiers JSONL écrits par clausier scan --format jsonl", "JSONL files written by clausier scan --format jsonl"),
    ("cli.rules", "Liste chaque règle avec ce qu'elle trouve et pourquoi c'est important", "List every rule id with what it finds and why it matters"),
    ("cli.scan", "Vérifie tous les documents des fichiers et dossiers donnés, en parallèle", "Check every document under the given files and folders, in parallel"),
    ("cli.scan.exclude", "Laisse de côté les fichiers et dossiers correspondant à ce motif (répétable), par ex. '**/archives/**'", "Leave out files and folders matching this glob (repeatable), e.g. '**/archives/**'"),
    ("cli.scan.files_from", "Lit les chemins à analyser dans ce fichier, un par ligne (« - » : l'entrée standard)", "Read the paths to scan from this file, one per line (\"-\": standard input)"),
    ("cli.scan.paths", "Fichiers et dossiers à analyser (dossiers parcourus en entier ; fichiers cachés et temporaires ~$ ignorés)", "Files and folders to scan (folders recursively; hidden and ~$ temporary files skipped)"),
    ("cli.scan.quiet", "Sans barre de progression", "No progress bar"),
    ("cli.scan.shard", "N'analyse que la tranche K sur N (hachage stable du chemin), pour répartir une archive entre machines", "Scan only shard K of N (stable hash of the path), to split an archive over machines"),
    ("cli.size_unit", "unité de taille inconnue dans {value} ; utilisez k, M ou G", "unknown size unit in {value}; use k, M or G"),
    ("cli.templates", "Liste les modèles de clauses, ou montre les paramètres d'un modèle", "List the model clauses, or show one model's parameters"),
    ("cli.templates.show", "Montre un modèle : sa nature, sa base légale, ses paramètres (nom, type, unité, défaut, bornes)", "Show one model: its kind, legal basis, parameters (name, type, unit, default, bounds)"),
    ("cli.templates.show.template", "L'identifiant du modèle", "The model's id"),
    ("cli.text", "Affiche le texte que clausier lit dans un document, avec les repères de page et de section", "Print the text clausier reads from a document, with page and section markers"),
    ("cli.text.file", "Le document à lire (PDF, DOCX, ODT, HTML, Markdown, texte)", "The document to read (PDF, DOCX, ODT, HTML, Markdown, text)"),
    ("cli.text.long", "La première chose à lancer quand une analyse ne trouve rien : ce qui a été lu, par quel lecteur, les sections trouvées et les avertissements (PDF scanné, lecteur de secours…).", "The first thing to run when a scan finds nothing: it shows what was read, which reader read it, the sections found, and any warning (scanned PDF, fallback reader…)."),
    ("cli.text.raw", "Affiche le texte tel que lu, avant normalisation, sans repères", "Print the text exactly as read, before normalisation, without markers"),
    ("cli.usage", "Utilisation :", "Usage:"),
    ("cli.value.CHAR", "CARACTÈRE", "CHAR"),
    ("cli.value.CHARS", "CARACTÈRES", "CHARS"),
    ("cli.value.COLOR", "COULEUR", "COLOR"),
    ("cli.value.DIFF", "ÉCART", "DIFF"),
    ("cli.value.DIR", "DOSSIER", "DIR"),
    ("cli.value.FILE", "FICHIER", "FILE"),
    ("cli.value.GLOB", "MOTIF", "GLOB"),
    ("cli.value.INPUTS", "ENTRÉES", "INPUTS"),
    ("cli.value.KEY=VALUE", "CLÉ=VALEUR", "KEY=VALUE"),
    ("cli.value.OUT.docx|OUT.html", "SORTIE.docx|SORTIE.html", "OUT.docx|OUT.html"),
    ("cli.value.PATHS", "CHEMINS", "PATHS"),
    ("cli.value.SECS", "SECONDES", "SECS"),
    ("cli.value.SIZE", "TAILLE", "SIZE"),
    ("cli.value.TEMPLATE", "MODÈLE", "TEMPLATE"),
    ("cli.value.WHEN", "QUAND", "WHEN"),
    ("cli.values", "valeurs\u{a0}:\u{a0}{values}", "values: {values}"),
    ("code.corrupt-file", "le fichier est tronqué ou mal formé, ou son contenu n'est pas du format annoncé ; exportez-le de nouveau depuis sa source", "the file is truncated or malformed, or its content is not the format it claims; re-export it from its source"),
    ("code.degraded-extraction", "avertissement : le lecteur principal a échoué et un lecteur de secours a lu le texte ; la mise en lignes peut être moins exacte", "warning: the main reader failed and a fallback read the text; line layout may be less exact"),
    ("code.empty-file", "le fichier est vide ; rien à lire", "the file is empty; nothing to read"),
    ("code.encrypted", "le fichier est protégé par un mot de passe ; retirez la protection et relancez", "the file is protected by a password; remove the protection and scan again"),
    ("code.internal-error", "un analyseur a planté sur ce fichier ; le lot a continué ; signalez-le avec le fichier", "a parser crashed on this file; the batch went on; please report it with the file"),
    ("code.mislabelled-file", "avertissement : l'extension ne correspond pas au contenu ; le fichier a été lu d'après son contenu", "warning: the extension does not match the content; the file was read by its content"),
    ("code.mixed-encoding", "avertissement : le texte mêle l'UTF-8 et un autre encodage (Windows-1252) ; chaque partie a été décodée selon le sien, vérifiez les accents", "warning: the text mixes UTF-8 and another encoding (Windows-1252); each part was decoded by its own, check the accents"),
    ("code.no-text-layer", "avertissement : pas de texte exploitable (un scan sans OCR, une OCR qui n'a rien trouvé, ou des polices illisibles) ; installez Tesseract (`apt-get install tesseract-ocr tesseract-ocr-fra`) ou passez d'abord une reconnaissance de caractères, par ex. `ocrmypdf entree.pdf sortie.pdf` ; verdict inconnu", "warning: no usable text layer (a scan without OCR, OCR that found nothing, or garbled fonts); install Tesseract (`apt-get install tesseract-ocr tesseract-ocr-fra`) or run OCR first, e.g. `ocrmypdf in.pdf out.pdf`; the verdict is unknown"),
    ("code.not-a-regular-file", "tube nommé, socket, périphérique ou pseudo-fichier du noyau : jamais ouvert en lecture ; ne donnez que des fichiers ordinaires", "a FIFO, socket, device or kernel pseudo-file: never opened for reading; give regular files only"),
    ("code.ocr-low-confidence", "avertissement : des pages lues par OCR l'ont été avec une confiance moyenne basse (sous 60 %) ; vérifiez les chiffres sur l'original", "warning: pages read by OCR with a low mean confidence (under 60 %); check the figures on the original"),
    ("code.timeout", "la lecture a dépassé le temps maximal par fichier ; augmentez --timeout-per-file ou utilisez --isolate", "reading took longer than the per-file time limit; raise --timeout-per-file or use --isolate"),
    ("code.too-large", "le fichier (ou son contenu décompressé) dépasse la limite de taille ou de pages ; augmentez --max-file-size s'il est légitime", "the file (or its decompressed content) exceeds the size or page limit; raise --max-file-size if it is legitimate"),
    ("code.unreadable", "le fichier n'a pas pu être lu sur le disque (droits, supprimé pendant l'analyse, lien cassé)", "the file could not be read from disk (permissions, deleted during the scan, broken link)"),
    ("code.unsupported-archive", "archive 7-Zip ou RAR : clausier lit les archives ZIP ; décompressez-la (`7z x dce.7z -odce`) et analysez le dossier, ou recompressez-la en ZIP", "a 7-Zip or RAR archive: clausier reads ZIP archives; unpack it (`7z x dce.7z -odce`) and scan the folder, or re-compress it as ZIP"),
    ("code.unsupported-format", "clausier ne lit pas ce format (images, présentations, Word 6.0/95) ; convertissez-le en PDF, DOCX ou ODT", "clausier does not read this format (images, presentations, Word 6.0/95); convert it to PDF, DOCX or ODT"),
    ("considerations.none", "Pas de considération sociale", "No social consideration"),
    ("considerations.not_applicable", "sans objet", "not applicable"),
    ("considerations.reserved_contract", "Marché réservé", "Reserved contract"),
    ("considerations.social_clause", "Clause sociale", "Social clause"),
    ("considerations.social_criterion", "Critère social", "Social criterion"),
    ("considerations.unknown", "inconnu", "unknown"),
    ("consultation.amount", "montant estimé {amount} HT", "estimated amount {amount} excl. VAT"),
    ("consultation.evidence", "← {piece} ({role}, {form}), {place}", "← {piece} ({role}, {form}), {place}"),
    ("consultation.findings_on", "pièces : {pieces}", "pieces: {pieces}"),
    ("consultation.hours", "{hours} h d'insertion engagées", "{hours} insertion hours committed"),
    ("consultation.launch", "lancée le {date} ({source})", "launched on {date} ({source})"),
    ("consultation.launched.deadline", "lancée au plus tard le {date} (date limite des offres)", "launched on {date} at the latest (offers deadline)"),
    ("consultation.launched.first_day", " ; lancée le premier jour d'application, à vérifier", "; launched on the first day the rule applies, to be checked"),
    ("consultation.launched.notice", "dont l'avis a été envoyé le {date}", "whose notice was sent on {date}"),
    ("consultation.launched.rc", "dont le RC est daté du {date}", "whose RC is dated {date}"),
    ("consultation.no_clause", "aucune clause d'insertion dans les pièces", "no insertion clause in the pieces"),
    ("consultation.pieces", "pièces : {pieces}", "pieces: {pieces}"),
    ("consultation.title", "Consultation {path}", "Consultation {path}"),
    ("defence.out_of_scope", "marché de défense ou de sécurité (hors du champ de L. 2112-2-1)", "defence or security contract (outside L. 2112-2-1)"),
    ("doc.cause", "cause : {cause}", "cause: {cause}"),
    ("doc.clauses", "{n} clause|{n} clauses", "{n} clause|{n} clauses"),
    ("doc.dated", "daté du {date}", "dated {date}"),
    ("doc.declared_absent", "déclaré absent", "declared absent"),
    ("doc.error", "erreur", "error"),
    ("doc.linked", "+ lié : {where}", "+ linked: {where}"),
    ("doc.lots", "lots {lots}", "lots {lots}"),
    ("doc.no_heading", "(sans titre)", "(no heading)"),
    ("doc.notice_fields", "champs structurés de l'avis : {codes}", "the notice's structured fields: {codes}"),
    ("doc.page", "page {page}", "page {page}"),
    ("doc.similarity", "similarité avec le modèle : {value}", "similarity to the model: {value}"),
    ("doc.warning", "avertissement", "warning"),
    ("element.award_weight", "pondération du critère", "weight of the criterion"),
    ("element.eligible_public", "publics éligibles", "eligible publics"),
    ("element.facilitator", "facilitateur", "facilitator"),
    ("element.hours", "volume d'heures", "hours"),
    ("element.implementation_modes", "modalités de mise en œuvre", "implementation modes"),
    ("element.legal_basis", "base légale", "legal basis"),
    ("element.penalties", "pénalités", "penalties"),
    ("element.reporting", "suivi", "reporting"),
    ("element.reservation", "réservation", "reservation"),
    ("error.cannot_read", "impossible de lire {path} : {what}", "cannot read {path}: {what}"),
    ("error.cannot_write", "impossible d'écrire {path} : {what}", "cannot write {path}: {what}"),
    ("error.check_timeout", "la vérification a dépassé le délai par fichier (--timeout-per-file)", "checking went past the per-file time limit (--timeout-per-file)"),
    ("error.csv_delimiter", "--csv-delimiter {value} : un seul caractère ASCII est attendu, par ex. ';'", "--csv-delimiter {value}: expected one ASCII character, e.g. ';'"),
    ("error.docx_to_terminal", "un DOCX est un fichier binaire : écrivez-le dans un fichier avec -o clause.docx", "a DOCX is binary: write it to a file with -o clause.docx"),
    ("error.interrupted", "interrompu après {done} fichiers sur {total}", "interrupted after {done} of {total} files"),
    ("error.jobs_capped", "--jobs {jobs} ramené à {max} (le maximum)", "--jobs {jobs} lowered to {max} (the maximum)"),
    ("error.merge_bad_line", "{path}:{line} : ce n'est pas une ligne JSONL de clausier ({cause})", "{path}:{line}: not a clausier JSONL line ({cause})"),
    ("error.merge_truncated", "{path}:{line} : dernière ligne incomplète, ignorée ({cause}) ; les lignes complètes sont fusionnées", "{path}:{line}: last line incomplete, skipped ({cause}); the complete lines are merged"),
    ("error.redline_extension", "--redline {path} : clausier écrit la version annotée en .docx ou .html ; choisissez l'un de ces noms", "--redline {path}: clausier writes the redline as .docx or .html; choose one of these names"),
    ("error.redline_many", "--redline : {path} contient {count} documents ; donnez-en un seul, par ex. {example}", "--redline: {path} holds {count} documents; give one, e.g. {example}"),
    ("error.redline_no_carrier", "--redline : aucune pièce de la consultation {path} ne porte de clause d'insertion ; donnez la pièce à relire", "--redline: no piece of the consultation {path} carries an insertion clause; give the piece to review"),
    ("error.unknown_template", "modèle inconnu « {id} » ; modèles disponibles : {ids}", "unknown template \"{id}\"; expected one of: {ids}"),
    ("figure.hours", "heures d'insertion", "insertion hours"),
    ("figure.lot_hours", "heures du lot {lot}", "hours of lot {lot}"),
    ("figure.lots", "lots concernés", "lots covered"),
    ("figure.lots.value", "lots {lots}", "lots {lots}"),
    ("figure.penalty", "pénalité par heure", "penalty per hour"),
    ("figure.penalty.value", "{amount} par heure", "{amount} per hour"),
    ("figure.percent", "part des heures", "share of the hours"),
    ("figure.ratio", "ratio d'heures", "hours ratio"),
    ("figure.ratio.value", "{hours} pour {amount} HT", "{hours} per {amount} excl. VAT"),
    ("figure.weight", "pondération du critère", "weight of the criterion"),
    ("finding.announced_not_carried", "{pieces} annonce une clause ({kind}) qu'aucune pièce de la consultation ne stipule|{pieces} annoncent une clause ({kind}) qu'aucune pièce de la consultation ne stipule", "{pieces} announces a clause ({kind}) that no piece of the consultation stipulates|{pieces} announce a clause ({kind}) that no piece of the consultation stipulates"),
    ("finding.announced_not_carried.suggestion", "Écrire la clause dans la pièce qui doit la porter (le CCAP en général), ou retirer l'annonce.", "Write the clause into the piece that must carry it (usually the CCAP), or remove the announcement."),
    ("finding.anru_below_charter", "opération financée par l'ANRU ({source}) : la clause réserve {percent} des heures, moins que les 5 % de la charte", "operation funded by ANRU ({source}): the clause reserves {percent} of the hours, less than the charter's 5 %"),
    ("finding.anru_below_charter.suggestion", "Porter la part des heures d'insertion à 5 % au moins.", "Raise the share of insertion hours to at least 5 %."),
    ("finding.anru_minimum", "opération financée par l'ANRU : {percent} % des heures réservées, alors que la charte nationale d'insertion exige au moins {minimum} % pour {what}", "operation funded by ANRU: {percent} % of the hours reserved, whereas the national integration charter requires at least {minimum} % for {what}"),
    ("finding.anru_minimum.gup", "les marchés de gestion urbaine de proximité", "local urban management (GUP) contracts"),
    ("finding.anru_minimum.suggestion", "Porter le taux d'insertion à au moins {minimum} % des heures travaillées.", "Raise the integration rate to at least {minimum} % of the hours worked."),
    ("finding.anru_minimum.works", "les travaux et l'ingénierie nécessaire aux travaux", "works and the engineering they need"),
    ("finding.anru_not_applied", "{source} : l'opération est financée par l'ANRU ; la clause ({clause}) ne l'applique pas : elle ne nomme ni l'ANRU ni sa charte d'insertion", "{source}: the operation is funded by ANRU; the clause ({clause}) does not apply it: it names neither ANRU nor its integration charter"),
    ("finding.anru_not_applied.suggestion", "Appliquer à la clause la charte nationale d'insertion de l'ANRU (au moins 5 % des heures travaillées, publics des QPV prioritaires), ou corriger la pièce qui annonce le financement.", "Apply ANRU's national integration charter to the clause (at least 5 % of the hours worked, residents of priority neighbourhoods (QPV) first), or correct the piece that announces the funding."),
    ("finding.consultation.mandatory_condition", "consultation {when} pour {amount} HT estimés pour tous les lots, au-dessus du seuil européen de {threshold} HT ({contract}, {buyer}) : aucune pièce ne comporte de condition d'exécution sociale ou liée à l'emploi, ni ne motive son absence (article L. 2112-2-1 du code de la commande publique){first_day}", "consultation {when} for an estimated {amount} excl. VAT over all lots, above the EU threshold of {threshold} excl. VAT ({contract}, {buyer}): no piece carries a social or employment execution condition, nor states why it has none (article L. 2112-2-1 of the public procurement code){first_day}"),
    ("finding.consultation.mandatory_condition.suggestion", "Ajouter une condition d'exécution sociale (clause d'insertion) au CCAP, ou motiver son absence (absence de lien suffisant avec l'objet, atteinte à la concurrence, difficultés techniques ou économiques).", "Add a social execution condition (an insertion clause) to the CCAP, or state why there is none (no sufficient link with the subject matter, harm to competition, technical or economic difficulties)."),
    ("finding.consultation.nowhere", "aucune pièce de la consultation ne le dit : {message}", "no piece of the consultation says it: {message}"),
    ("finding.cross_piece", "{what} différentes selon les pièces : {said}", "{what} differ between the pieces: {said}"),
    ("finding.cross_piece.said", "{piece} : {value}", "{piece}: {value}"),
    ("finding.cross_piece.suggestion", "Mettre les pièces d'accord : le chiffre de la pièce qui porte la clause (le CCAP en général) doit se retrouver à l'identique dans l'AE, le RC et leurs annexes.", "Make the pieces agree: the figure of the piece that carries the clause (usually the CCAP) must be found unchanged in the AE, the RC and their annexes."),
    ("finding.inconsistent_calculation", "{context}{stated} h indiquées, mais {amount} € × {share} % ÷ {hourly} €/h × {rate} % donne environ {expected} h", "{context}{stated} h stated, but {amount} € × {share} % ÷ {hourly} €/h × {rate} % gives about {expected} h"),
    ("finding.inconsistent_calculation.row", "« {line} » : ", "“{line}”: "),
    ("finding.inconsistent_calculation.suggestion", "Recalculer le volume d'heures (montant HT × part de main-d'œuvre ÷ coût horaire × taux) ou corriger les données de calcul.", "Recompute the volume of hours (amount excl. VAT × labour share ÷ hourly cost × rate) or correct the figures it is computed from."),
    ("finding.inconsistent_total", "les heures par lot totalisent {sum} h, mais le total indiqué est de {total} h", "the hours per lot add up to {sum} h, but the stated total is {total} h"),
    ("finding.inconsistent_total.suggestion", "Corriger le total ou les heures par lot pour qu'ils concordent.", "Correct the total or the hours per lot so that they agree."),
    ("finding.mandatory_condition", "document daté du {date} pour {amount} € HT, au-dessus du seuil européen des {contract} ({threshold} € HT) : il doit comporter une condition d'exécution sociale ou liée à l'emploi, ou motiver son absence (article L. 2112-2-1 du code de la commande publique)", "document dated {date} for {amount} € excl. VAT, above the EU threshold for {contract} ({threshold} € excl. VAT): it must carry a social or employment execution condition, or state why it has none (article L. 2112-2-1 of the public procurement code)"),
    ("finding.mandatory_condition.suggestion", "Ajouter une condition d'exécution sociale (clause d'insertion) ou motiver son absence (absence de lien suffisant avec l'objet, atteinte à la concurrence, difficultés techniques ou économiques).", "Add a social execution condition (an insertion clause) or state why there is none (no sufficient link with the subject matter, harm to competition, technical or economic difficulties)."),
    ("finding.mandatory_condition.supplies_services", "fournitures et services", "supplies and services"),
    ("finding.mandatory_condition.works", "travaux", "works"),
    ("finding.missing_element", "la clause ne précise pas {label}", "the clause does not state {label}"),
    ("finding.not_a_tender_piece", "ce document est {role} (« {evidence} »), pas une pièce de marché : ce qu'il dit de l'insertion n'est pas une clause", "this document is {role} (“{evidence}”), not a tender piece: what it says about insertion is not a clause"),
    ("finding.obsolete_reference.in_force", "« {cited} » : l'{label} était en vigueur à la date du document ({date}) ; il a été remplacé le {until} par l'{replacement}", "“{cited}”: {label} was in force on the document's date ({date}); it was replaced on {until} by {replacement}"),
    ("finding.obsolete_reference.repealed", "« {cited} » : l'{label} est abrogé depuis le {until} (document daté du {date}) ; citer l'{replacement}", "“{cited}”: {label} has been repealed since {until} (document dated {date}); cite {replacement}"),
    ("finding.obsolete_reference.undated", "« {cited} » : l'{label} est abrogé depuis le {until} ; sauf si le document est antérieur, citer l'{replacement}", "“{cited}”: {label} has been repealed since {until}; unless the document is older, cite {replacement}"),
    ("finding.outdated_term", "« {term} » est un terme périmé : {why}", "“{term}” is an outdated term: {why}"),
    ("finding.outdated_term.suggestion", "remplacer par : {replacement}", "replace with: {replacement}"),
    ("finding.penalty_formula", "la pénalité est une formule, pas un montant par heure : « {formula} »", "the penalty is a formula, not an amount per hour: “{formula}”"),
    ("finding.penalty_formula.suggestion", "Convertir la formule en un montant par heure non réalisée (par exemple 60 € HT), ou préciser la valeur de référence et sa date.", "Turn the formula into an amount per hour not performed (for instance 60 € excl. VAT), or state the reference value and its date."),
    ("finding.reference.absent_piece", "{from} renvoie à l'article {article} du {piece}, qui n'est pas parmi les pièces de la consultation", "{from} refers to article {article} of the {piece}, which is not among the pieces of the consultation"),
    ("finding.reference.absent_piece.suggestion", "Joindre la pièce à la consultation, ou corriger le renvoi.", "Add the piece to the consultation, or correct the reference."),
    ("finding.reference.wrong_article", "{from} renvoie à l'article {article} du {piece}, qui ne porte pas la clause{where_}", "{from} refers to article {article} of the {piece}, which does not carry the clause{where_}"),
    ("finding.reference.wrong_article.at", " (elle est à l'article {articles})", " (it is in article {articles})"),
    ("finding.reference.wrong_article.nowhere", " (aucun de ses articles ne la porte)", " (none of its articles carries it)"),
    ("finding.reference.wrong_article.suggestion_point", "Renvoyer à l'article {article}.", "Refer to article {article}."),
    ("finding.reference.wrong_article.suggestion_write", "Écrire la clause à l'article annoncé, ou corriger le renvoi.", "Write the clause in the announced article, or correct the reference."),
    ("finding.section_numbering", "le sous-article « {heading} » est numéroté hors de son article {parent}", "sub-article “{heading}” is numbered outside its article {parent}"),
    ("finding.section_numbering.suggestion", "Renuméroter ce sous-article sous l'article {parent} ({parent}.x) et vérifier les renvois.", "Renumber this sub-article under article {parent} ({parent}.x) and check the cross-references."),
    ("finding.wording_deviation", "la rédaction s'écarte du modèle « {model} » (similarité {similarity}) ; le diff montre ce que dit le modèle", "the wording departs from the model “{model}” (similarity {similarity}); the diff shows what the model says"),
    ("finding.wrong_basis", "« {cited} » ne fonde pas une réservation aux structures que la clause nomme ; la base légale est {right}", "“{cited}” is no basis for reserving the contract to the structures the clause names; the legal basis is {right}"),
    ("finding.wrong_basis.suggestion", "Citer {right}.", "Cite {right}."),
    ("form.flag", "champ de l'avis", "notice field"),
    ("form.mention", "mention", "mention"),
    ("form.reference", "renvoi", "reference"),
    ("generate.anru_rate", "au moins 0,05 : une opération financée par l'ANRU réserve au moins 5 % des heures", "at least 0.05: an ANRU-funded operation reserves at least 5 % of hours"),
    ("generate.at_least", " d'au moins {min} {unit}", " of at least {min} {unit}"),
    ("generate.at_most", " d'au plus {max} {unit}", " of at most {max} {unit}"),
    ("generate.between", " entre {min} et {max} {unit}", " between {min} and {max} {unit}"),
    ("generate.common.buyer", "l'acheteur, nommé dans l'objet de la clause", "the buyer, named in the clause's object paragraph"),
    ("generate.common.date", "date de la pièce, AAAA-MM-JJ, écrite « 1er janvier 2026 »", "date of the document, YYYY-MM-DD, written \"1 January 2026\""),
    ("generate.common.hours_in_words", "volumes écrits aussi en lettres : « quatre cent soixante (460) heures »", "volumes also written in words: \"quatre cent soixante (460) heures\""),
    ("generate.common.operation", "l'opération, nommée dans l'objet de la clause", "the operation, named in the clause's object paragraph"),
    ("generate.common.rounding", "heures calculées arrondies au multiple supérieur de 1, 5 ou 10 (5 si absent)", "computed hours rounded up to a multiple of 1, 5 or 10 (5 when absent)"),
    ("generate.conflict", "{a} et {b} donnent tous deux le volume d'heures ; gardez l'un ou l'autre", "{a} and {b} both give the volume of hours; keep one or the other"),
    ("generate.date", "une date AAAA-MM-JJ", "a YYYY-MM-DD date"),
    ("generate.empty_key", "clé vide", "empty key"),
    ("generate.hours", "un nombre entier d'heures entre 1 et {max}", "a whole number of hours between 1 and {max}"),
    ("generate.invalid", "paramètre refusé, rien n'a été écrit : {detail}", "parameter refused, nothing was written: {detail}"),
    ("generate.json", "JSON invalide : {cause}", "invalid JSON: {cause}"),
    ("generate.key_value", "attendu : clé=valeur", "expected key=value"),
    ("generate.lot_amount", "un montant en € HT entre 1 et 10 milliards", "an amount in € HT between 1 and 10 billion"),
    ("generate.lot_number", "un numéro de lot : un texte (« 01 ») ou un entier positif", "a lot number: text (\"01\") or a positive integer"),
    ("generate.lot_volume", "un lot donne soit hours, soit amount_ht_eur avec labour_share", "a lot needs either hours or amount_ht_eur with labour_share"),
    ("generate.needs_cost", "nécessaire pour calculer les heures à partir des montants (coût horaire moyen chargé, par ex. 35.0)", "needed to compute hours from amounts (average loaded hourly cost, e.g. 35.0)"),
    ("generate.needs_rate", "nécessaire pour calculer les heures à partir des montants (par ex. 0.05)", "needed to compute hours from amounts (e.g. 0.05)"),
    ("generate.needs_share", "nécessaire avec amount_ht_eur (part de main-d'œuvre, par ex. 0.40)", "needed with amount_ht_eur (share of labour, e.g. 0.40)"),
    ("generate.not_table", "{key} n'est pas une table", "{key} is not a table"),
    ("generate.positive", "un montant positif", "a positive amount"),
    ("generate.rate", "une part entre 0 et 1 (0.05 pour 5 %)", "a share between 0 and 1 (0.05 for 5 %)"),
    ("generate.refused", "la valeur {value} ne convient pas ; attendu : {expected}", "the value {value} does not fit; expected: {expected}"),
    ("generate.rounding", "1, 5 ou 10 (heures)", "1, 5 or 10 (hours)"),
    ("generate.share", "une part entre 0 et 1", "a share between 0 and 1"),
    ("generate.table", "attendu : une table de clé = valeur", "expected a table of key = value"),
    ("generate.toml", "TOML invalide : {cause}", "invalid TOML: {cause}"),
    ("generate.too_many_hours", "ce montant donne {hours} heures, plus que le maximum de {max} ; vérifiez le montant, la part de main-d'œuvre et le coût horaire", "this amount gives {hours} hours, more than the maximum of {max}; check the amount, the labour share and the hourly cost"),
    ("generate.type.bool", "vrai ou faux (true ou false, sans guillemets)", "true or false (without quotes)"),
    ("generate.type.integer", "un nombre entier", "a whole number"),
    ("generate.type.lots", "une liste de tables [[lots]]", "a list of [[lots]] tables"),
    ("generate.type.number", "un nombre", "a number"),
    ("generate.type.table", "une table (par ex. [facilitator] avec name et contact)", "a table (e.g. [facilitator] with name and contact)"),
    ("generate.type.text", "un texte entre guillemets", "text in quotes"),
    ("generate.unknown", "paramètre inconnu (valeur {value}) pour le modèle {template} ; paramètres acceptés : {known}", "unknown parameter (value {value}) for the model {template}; accepted: {known}"),
    ("generate.weights", "les pondérations des critères font {sum} %, pas 100 %", "the weights of the criteria add up to {sum} %, not 100 %"),
    ("html.amount_ht", "{amount} € HT", "{amount} € excl. VAT"),
    ("html.back", "↑ retour au tableau", "↑ back to the table"),
    ("html.buyer_unknown", "acheteur non identifié", "unidentified buyer"),
    ("html.card.clauses", "Clauses", "Clauses"),
    ("html.card.documents", "Documents", "Documents"),
    ("html.card.hours", "Heures d'insertion engagées", "Insertion hours committed"),
    ("html.card.no-social", "Sans considération sociale", "No social consideration"),
    ("html.card.read", "Lus", "Read"),
    ("html.card.unknown", "Considérations inconnues", "Considerations unknown"),
    ("html.card.unreadable", "Illisibles", "Unreadable"),
    ("html.card.with-clauses", "Avec clauses", "With clauses"),
    ("html.chart.hours_by_buyer", "Heures engagées par acheteur", "Hours committed by buyer"),
    ("html.chart.hours_by_year", "Heures engagées par année de lancement", "Hours committed by launch year"),
    ("html.chart.social", "Consultations et considérations sociales", "Consultations and social considerations"),
    ("html.chart.unknown", "inconnue", "unknown"),
    ("html.chart.with", "avec considération sociale", "with a social consideration"),
    ("html.chart.without", "sans considération sociale", "without a social consideration"),
    ("html.clause_n", "Clause {n}", "Clause {n}"),
    ("html.close_all", "Tout replier", "Collapse all"),
    ("html.column.clauses", "Clauses", "Clauses"),
    ("html.column.considerations", "Considérations sociales", "Social considerations"),
    ("html.column.error", "Err.", "Err."),
    ("html.column.format", "Format", "Format"),
    ("html.column.hours", "Heures", "Hours"),
    ("html.column.info", "Info", "Info"),
    ("html.column.path", "Chemin", "Path"),
    ("html.column.status", "Statut", "Status"),
    ("html.column.warning", "Avert.", "Warn."),
    ("html.consultations", "Consultations", "Consultations"),
    ("html.count.clauses", "{n} clause|{n} clauses", "{n} clause|{n} clauses"),
    ("html.count.error", "{n} erreur|{n} erreurs", "{n} error|{n} errors"),
    ("html.count.info", "{n} info|{n} infos", "{n} info|{n} infos"),
    ("html.count.warning", "{n} avertissement|{n} avertissements", "{n} warning|{n} warnings"),
    ("html.declared_absent", "déclarée absente", "declared absent"),
    ("html.details", "Détail par document", "Details by document"),
    ("html.diff", "Écart au modèle", "Difference from the model"),
    ("html.diff.clause_only", "clause seule", "clause only"),
    ("html.diff.model_only", "modèle seul", "model only"),
    ("html.document_findings", "Constats sur le document", "Findings on the document"),
    ("html.errors_by_code", "Illisibles par code", "Unreadable by code"),
    ("html.fact.amount", "Montant estimé", "Estimated amount"),
    ("html.fact.archive", "Archive", "Archive"),
    ("html.fact.article", "Article", "Article"),
    ("html.fact.buyer", "Acheteur", "Buyer"),
    ("html.fact.buyer_category", "Catégorie d'acheteur", "Buyer category"),
    ("html.fact.considerations", "Considérations sociales", "Social considerations"),
    ("html.fact.date", "Date", "Date"),
    ("html.fact.defence", "Défense ou sécurité", "Defence or security"),
    ("html.fact.hours", "Heures engagées", "Hours committed"),
    ("html.fact.launch", "Lancement", "Launch"),
    ("html.fact.model", "Modèle", "Model"),
    ("html.fact.nature", "Nature", "Nature"),
    ("html.fact.notice_fields", "Champs de l'avis", "Notice fields"),
    ("html.fact.object", "Objet", "Subject"),
    ("html.fact.page", "Page", "Page"),
    ("html.fact.pages", "Pages", "Pages"),
    ("html.fact.reader", "Lecteur", "Reader"),
    ("html.fact.reference", "Numéro", "Number"),
    ("html.fact.similarity", "Similarité au modèle", "Similarity to the model"),
    ("html.findings", "Constats", "Findings"),
    ("html.format_unknown", "inconnu", "unknown"),
    ("html.hours_by_buyer_year", "Heures d'insertion engagées par acheteur et par année", "Insertion hours committed by buyer and year"),
    ("html.hours_note", "* Heures engagées : somme, sur toutes les clauses, du total déclaré de la clause ; à défaut, de la somme de ses heures par lot ; à défaut, de la somme des volumes d'heures qu'elle cite. Les volumes exprimés en ratio (heures par tranche de montant) ou en pourcentage des heures travaillées ne sont pas comptés. Un même marché présent dans plusieurs fichiers (CCAP et acte d'engagement, PDF et DOCX) est compté autant de fois.", "* Hours committed: the sum, over all clauses, of the clause's stated total; failing that, of its hours per lot; failing that, of the volumes of hours it cites. Volumes given as a ratio (hours per band of amount) or as a percentage of the hours worked are not counted. A contract found in several files (CCAP and form of tender, PDF and DOCX) is counted once per file."),
    ("html.kinds", "Clauses par type", "Clauses by kind"),
    ("html.lang", "fr", "en"),
    ("html.launch_year", "Année de lancement", "Launch year"),
    ("html.linked", "Articles liés", "Linked articles"),
    ("html.lot_hours", "lot {lot} : {hours} h", "lot {lot}: {hours} h"),
    ("html.nature.services", "services", "services"),
    ("html.nature.supplies", "fournitures", "supplies"),
    ("html.nature.works", "travaux", "works"),
    ("html.no_clause", "Aucune clause d'insertion détectée.", "No insertion clause found."),
    ("html.no_clause_in_pieces", "Aucune clause d'insertion dans les pièces.", "No insertion clause in the pieces."),
    ("html.no_parameter", "Aucun paramètre chiffré extrait.", "No figure extracted."),
    ("html.none", "Aucun.", "None."),
    ("html.not_applicable", "sans objet", "not applicable"),
    ("html.open_all", "Tout déplier", "Expand all"),
    ("html.page", "page {page}", "page {page}"),
    ("html.param.anru", "ANRU (NPNRU)", "ANRU (NPNRU)"),
    ("html.param.committed", "Heures retenues", "Hours counted"),
    ("html.param.formula", "Formule de pénalité", "Penalty formula"),
    ("html.param.hours", "Volumes d'heures cités", "Volumes of hours cited"),
    ("html.param.lots", "Heures par lot", "Hours per lot"),
    ("html.param.penalty", "Pénalité", "Penalty"),
    ("html.param.percent", "Part des heures travaillées", "Share of the hours worked"),
    ("html.param.ratio", "Ratio", "Ratio"),
    ("html.param.total", "Total déclaré", "Stated total"),
    ("html.param.weight", "Pondération du critère", "Weight of the criterion"),
    ("html.penalty", "{amount} € par heure non réalisée", "{amount} € per hour not performed"),
    ("html.piece", "Pièce", "Piece"),
    ("html.pieces", "pièces : {pieces}", "pieces: {pieces}"),
    ("html.quote", "« {text} »", "“{text}”"),
    ("html.ratio", "{hours} h par {per} €", "{hours} h per {per} €"),
    ("html.ratio.above", "{hours} h par {per} € au-delà de {above} € HT", "{hours} h per {per} € above {above} € excl. VAT"),
    ("html.role", "Rôle", "Role"),
    ("html.rules", "Constats par règle", "Findings by rule"),
    ("html.share.note", "Indicateur du PNAD : part des marchés comportant au moins une considération sociale (clause, critère ou marché réservé) ; objectif de 30 % pour 2022–2025.", "PNAD indicator (national plan for sustainable procurement): share of contracts with at least one social consideration (clause, criterion or reserved contract); target of 30 % for 2022–2025."),
    ("html.share.unknown", "Inconnue (pièce illisible)", "Unknown (unreadable piece)"),
    ("html.share.value", "Part (sur les consultations connues)", "Share (of the known consultations)"),
    ("html.share.with", "Avec une considération sociale", "With a social consideration"),
    ("html.share.without", "Sans considération sociale", "Without a social consideration"),
    ("html.share_title", "Part des consultations avec une considération sociale", "Share of consultations with a social consideration"),
    ("html.table_note", "Cliquer sur un en-tête pour trier ; cliquer sur un chemin pour le détail.", "Click a header to sort; click a path for the details."),
    ("html.title", "clausier — rapport d'analyse", "clausier — analysis report"),
    ("html.totals", "Totaux par consultation", "Totals by consultation"),
    ("html.untitled", "(sans titre)", "(untitled)"),
    ("html.year_unknown", "année inconnue", "unknown year"),
    ("html.yes", "oui", "yes"),
    ("io.already_exists", "le fichier existe déjà", "the file already exists"),
    ("io.is_a_directory", "c'est un dossier, pas un fichier", "it is a folder, not a file"),
    ("io.not_found", "fichier ou dossier introuvable ; vérifiez le chemin", "no such file or folder; check the path"),
    ("io.other", "erreur du système ; relancez avec --verbose pour la cause", "system error; run again with --verbose for the cause"),
    ("io.permission_denied", "accès refusé ; vérifiez les droits sur le fichier", "permission denied; check the file's permissions"),
    ("io.storage_full", "disque plein ; libérez de la place", "disk full; free some space"),
    ("kind.award_criterion", "Critère d'attribution", "Award criterion"),
    ("kind.execution_condition", "Condition d'exécution", "Execution condition"),
    ("kind.insertion_market", "Marché d'insertion", "Insertion contract"),
    ("kind.reserved_disability", "Marché réservé (EA, ESAT)", "Reserved contract (EA, ESAT)"),
    ("kind.reserved_siae", "Marché réservé (SIAE)", "Reserved contract (SIAE)"),
    ("launch.notice", "envoi de l'avis", "notice sent"),
    ("launch.offers_deadline", "au plus tard : date limite des offres", "at the latest: offers deadline"),
    ("launch.rc", "date du RC", "the RC's date"),
    ("list.separator", " ; ", "; "),
    ("nature.services", "services", "services"),
    ("nature.supplies", "fournitures", "supplies"),
    ("nature.works", "travaux", "works"),
    ("param.type.amount", "montant", "amount"),
    ("param.type.bool", "oui/non", "yes/no"),
    ("param.type.hours_list", "heures", "hours"),
    ("param.type.integer", "entier", "integer"),
    ("param.type.lots", "lots", "lots"),
    ("param.type.number", "nombre", "number"),
    ("param.type.percent", "pourcentage", "percentage"),
    ("param.type.ratio", "ratio", "ratio"),
    ("param.type.table", "table", "table"),
    ("param.type.text", "texte", "text"),
    ("params.anru", "ANRU", "ANRU"),
    ("params.hours", "{hours} h", "{hours} h"),
    ("params.lot", "lot {lot} : {hours} h", "lot {lot}: {hours} h"),
    ("params.penalty", "pénalité {amount} €/h", "penalty {amount} €/h"),
    ("params.percent", "{value} % des heures", "{value} % of hours"),
    ("params.ratio", "{hours} h pour {amount} € HT facturés", "{hours} h per {amount} € invoiced"),
    ("params.ratio_threshold", "au-delà de {amount} € HT", "above {amount} €"),
    ("params.total", "total {hours} h", "total {hours} h"),
    ("params.weight", "pondération {value} %", "weight {value} %"),
    ("part.body", "corps", "body"),
    ("part.comment", "commentaire", "comment"),
    ("part.endnote", "note de fin", "endnote"),
    ("part.footer", "pied de page", "footer"),
    ("part.footnote", "note de bas de page", "footnote"),
    ("part.header", "en-tête", "header"),
    ("part.text-box", "zone de texte", "text box"),
    ("piece.ae", "AE", "AE"),
    ("piece.annex", "annexe", "annex"),
    ("piece.article", " article {number}", " article {number}"),
    ("piece.ccap", "CCAP", "CCAP"),
    ("piece.ccp", "CCP", "CCP"),
    ("piece.cctp", "CCTP", "CCTP"),
    ("piece.contract", "contrat", "contract"),
    ("piece.document", "document", "document"),
    ("piece.guide", "document", "document"),
    ("piece.legal_text", "document", "document"),
    ("piece.notice", "avis", "notice"),
    ("piece.other_tender_piece", "pièce", "piece"),
    ("piece.page", " p. {page}", " p. {page}"),
    ("piece.price_schedule", "bordereau des prix", "price schedule"),
    ("piece.qa_register", "registre des questions-réponses", "Q&A register"),
    ("piece.rc", "RC", "RC"),
    ("piece.template", "document", "document"),
    ("piece.unknown", "document", "document"),
    ("progress.rate", "{rate} pages/s", "{rate} pages/s"),
    ("progress.template", "{bar:30} {pos}/{len} fichiers · {msg} · reste {eta}", "{bar:30} {pos}/{len} files · {msg} · ETA {eta}"),
    ("redline.model_text", "{message} ; texte du modèle « {model} », avec les chiffres du document ou, à défaut, ceux du modèle, à vérifier", "{message}; text of the model “{model}”, with the document's figures or, failing them, the model's, to be checked"),
    ("redline.notes_title", "Constats de la consultation (entre les pièces)", "Findings of the consultation (between the pieces)"),
    ("redline.title", "Relecture clausier — {path}", "clausier review — {path}"),
    ("role.ae", "AE", "AE"),
    ("role.annex", "annexe", "annex"),
    ("role.ccap", "CCAP", "CCAP"),
    ("role.ccp", "CCP", "CCP"),
    ("role.cctp", "CCTP", "CCTP"),
    ("role.contract", "contrat", "contract"),
    ("role.described.ae", "un acte d'engagement", "a form of tender (acte d'engagement)"),
    ("role.described.annex", "une annexe", "an annex"),
    ("role.described.ccap", "un cahier des clauses administratives particulières", "a special administrative conditions document (CCAP)"),
    ("role.described.ccp", "un cahier des clauses particulières", "a special conditions document (CCP)"),
    ("role.described.cctp", "un cahier des clauses techniques particulières", "a special technical conditions document (CCTP)"),
    ("role.described.contract", "un contrat", "a contract"),
    ("role.described.guide", "un guide ou une fiche pratique", "a guide or a practical sheet"),
    ("role.described.legal_text", "un texte juridique (code, loi ou décret)", "a legal text (code, act or decree)"),
    ("role.described.notice", "un avis de publicité", "a contract notice"),
    ("role.described.other_tender_piece", "une pièce de marché", "a tender piece"),
    ("role.described.price_schedule", "un bordereau ou détail des prix", "a price schedule"),
    ("role.described.qa_register", "un registre de questions-réponses", "a questions-and-answers register"),
    ("role.described.rc", "un règlement de la consultation", "a consultation rules document (RC)"),
    ("role.described.template", "un modèle à compléter (il contient des champs non remplis)", "a template to fill in (it has blank fields)"),
    ("role.described.unknown", "un document non identifié", "an unidentified document"),
    ("role.guide", "guide", "guide"),
    ("role.legal_text", "texte juridique", "legal text"),
    ("role.notice", "avis", "notice"),
    ("role.other_tender_piece", "pièce de marché", "tender piece"),
    ("role.price_schedule", "bordereau des prix", "price schedule"),
    ("role.qa_register", "questions-réponses", "Q&A register"),
    ("role.rc", "RC", "RC"),
    ("role.template", "modèle à compléter", "template to fill in"),
    ("role.unknown", "pièce non identifiée", "unidentified piece"),
    ("rule.anru-minimum", "Minimum ANRU non atteint", "ANRU minimum not met"),
    ("rule.broken-reference", "Renvoi sans clause", "Reference to no clause"),
    ("rule.cross-piece-inconsistency", "Chiffres différents d'une pièce à l'autre", "Figures that differ between pieces"),
    ("rule.inconsistent-figures", "Chiffres incohérents", "Inconsistent figures"),
    ("rule.missing-element", "Élément manquant", "Missing element"),
    ("rule.missing-mandatory-social-condition", "Condition sociale obligatoire absente", "Mandatory social condition missing"),
    ("rule.not-a-tender-piece", "Pas une pièce de marché", "Not a tender piece"),
    ("rule.obsolete-legal-reference", "Référence juridique abrogée", "Obsolete legal reference"),
    ("rule.outdated-term", "Terme périmé", "Outdated term"),
    ("rule.penalty-formula", "Pénalité donnée par une formule", "Penalty given as a formula"),
    ("rule.section-numbering", "Numérotation de section", "Section numbering"),
    ("rule.wording-deviation", "Rédaction éloignée du modèle", "Wording far from the model"),
    ("rule.wrong-legal-basis", "Mauvaise base légale de réservation", "Wrong legal basis of the reservation"),
    ("rules.explain.anru-minimum", "L'opération est financée par l'ANRU (NPNRU) et réserve moins que le minimum de la charte : 5 % des heures travaillées pour les travaux et leur ingénierie, 10 % pour les marchés de GUP. La convention de financement peut être remise en cause.", "The operation is funded by the ANRU (NPNRU) and reserves less than the charter's minimum: 5 % of the hours worked on works and their engineering, 10 % in GUP contracts. The funding agreement can be called into question."),
    ("rules.explain.broken-reference", "Au niveau de la consultation : une pièce annonce la clause (le RC, l'AE, un avis, un registre de questions-réponses) mais aucune pièce ne la stipule, ou bien elle renvoie à un article (« article 9 du CCAP ») qui ne porte pas la clause. Erreur quand la pièce visée est là ; avertissement quand elle manque à la consultation.", "At the consultation level: a piece announces the clause (the RC, the AE, a notice, a Q&A register) but no piece stipulates it, or it points to an article (\"article 9 du CCAP\") that does not carry the clause. Error when the piece pointed to is there; warning when it is missing from the consultation."),
    ("rules.explain.cross-piece-inconsistency", "Au niveau de la consultation (un ZIP de DCE, ou un dossier de pièces de marché) : un même chiffre de la clause diffère d'une pièce à l'autre (heures, heures par lot, ratio, part des heures, pénalité, pondération, lots concernés), par exemple « AE article 3 : 400 h ; CCAP article 9 : 420 h ». Le titulaire s'engage sur l'un, est pénalisé sur l'autre : la pièce qui porte la clause doit être reprise à l'identique.", "At the consultation level (a DCE zip, or a folder of tender pieces): one figure of the clause differs from one piece to another (hours, hours per lot, ratio, share of hours, penalty, weight, lots covered), e.g. \"AE article 3 : 400 h ; CCAP article 9 : 420 h\". The bidder commits to one and is penalised on the other: the piece that carries the clause must be copied exactly."),
    ("rules.explain.inconsistent-figures", "Les chiffres de la clause ne concordent pas : les heures par lot ne font pas le total annoncé, ou les heures ne correspondent pas à montant × part de main-d'œuvre ÷ coût horaire × taux quand tout est donné. Les candidats chiffrent ce qu'ils lisent : une contradiction est un litige en germe.", "The figures of the clause do not agree: the hours per lot do not add up to the stated total, or the hours do not match amount × labour share ÷ hourly cost × rate when all are given. Bidders price what they read; a contradiction is a dispute waiting to happen."),
    ("rules.explain.missing-element", "Une clause complète de cette nature contient cet élément, comme son modèle le déclare (le champ `element` le nomme) : heures, publics éligibles, modalités, facilitateur, suivi, pénalités ou base légale pour une condition d'exécution ; la pondération pour un critère d'attribution ; la base légale pour un marché réservé. Sans lui la clause est difficile à faire respecter : sans pénalité, aucun levier ; sans publics éligibles, toute embauche compte.", "A complete clause of this kind contains this element, as its model declares (the field `element` names it): hours, eligible_public, implementation_modes, facilitator, reporting, penalties or legal_basis for an execution condition; the weight for an award criterion; the legal basis for a reserved contract. Without it the clause is hard to enforce: no penalty means no leverage, no eligible public means any hire counts."),
    ("rules.explain.missing-mandatory-social-condition", "Depuis la loi Climat et résilience (CCP L. 2112-2-1, en vigueur pour les consultations lancées à partir du 21 août 2026), un marché égal ou supérieur aux seuils européens doit comporter une condition d'exécution sociale ou en faveur de l'emploi, ou dire pourquoi il n'en a pas (pas de lien suffisant avec l'objet, restriction de concurrence, difficulté technique ou économique). Au niveau du document : il est daté d'après, annonce un montant au-dessus du seuil (pouvoir adjudicateur supposé) et n'a ni l'une ni l'autre. Au niveau de la consultation : date de lancement (envoi de l'avis, date du RC, ou date limite des offres comme borne), montant de tous les lots, nature (travaux, fournitures, services) et catégorie d'acheteur (État, autre pouvoir adjudicateur, entité adjudicatrice) donnent le seuil de cette date ; marchés de défense et de sécurité exclus ; une consultation lancée le 21 août 2026 même reçoit une information.", "Since the loi Climat et résilience (CCP L. 2112-2-1, in force for consultations launched from 21 August 2026), a contract at or above the EU thresholds must carry a social or employment execution condition, or record why not (no sufficient link with the object, restriction of competition, technical or economic difficulty). At the document level: it is dated after that, states an amount above the threshold (a contracting authority assumed) and has neither. At the consultation level: the launch date (notice sent, the RC's date, or the offers deadline as a bound), the amount of all lots, the nature (works, supplies, services) and the buyer category (central government, other contracting authority, entité adjudicatrice) give the threshold of that date; defence and security contracts are out of scope; a consultation launched on 21 August 2026 itself gets an info."),
    ("rules.explain.not-a-tender-piece", "Le document n'est pas une pièce de marché : un texte juridique (le code de la commande publique, un décret), un guide, ou un modèle encore plein de champs à remplir (« xxxx », « AAXXX »). Ce qu'il dit de l'insertion n'est pas la clause d'un contrat : il ne reçoit aucune clause et ses considérations sociales sont nulles. Le `role` et les `role_evidence` du document disent pour quoi il a été pris.", "The document is not a piece of a tender: a legal text (the code de la commande publique, a décret), a guide, or a model still full of placeholders (\"xxxx\", \"AAXXX\"). Its wording about insertion is not a contract's clause, so it gets no clauses and its considérations sociales are null. The document's `role` and `role_evidence` say what it was taken for."),
    ("rules.explain.obsolete-legal-reference", "La clause cite un texte abrogé : le Code des marchés publics (art. 14, 15, 30, 53), l'ordonnance n° 2015-899 (art. 36, 38) ou le décret n° 2016-360 (art. 13, 28, 62). La suggestion donne l'article du code de la commande publique qui l'a remplacé. La date du document décide de la gravité : un document daté après l'abrogation reçoit une erreur (sans date : un avertissement) ; un document de l'époque où le texte était en vigueur reçoit une information disant qu'il était juste alors.", "The clause cites a text that was repealed: the Code des marchés publics (art. 14, 15, 30, 53), the ordonnance n° 2015-899 (art. 36, 38) or the décret n° 2016-360 (art. 13, 28, 62). The suggestion gives the article of the code de la commande publique that replaced it. The document's date decides the severity: a document dated after the repeal gets an error (no date: a warning); a document of the time when the text was in force gets an info saying it was right then."),
    ("rules.explain.outdated-term", "La clause nomme un dispositif ou un organisme qui n'existe plus (RMI, API, ZUS, ANPE, Pôle emploi depuis le 1er janvier 2024, niveau V et infra V, Garantie jeunes, contrats d'avenir, ZRR depuis le 1er juillet 2024, ATA). Des listes de publics aux noms périmés excluent des personnes ou troublent les candidats ; la suggestion donne le nom actuel.", "The clause names a scheme or body that no longer exists (RMI, API, ZUS, ANPE, Pôle emploi since 1 January 2024, niveau V and infra V, Garantie jeunes, contrats d'avenir, ZRR since 1 July 2024, ATA). Eligibility lists with old names exclude people or confuse bidders; the suggestion gives the current name."),
    ("rules.explain.penalty-formula", "La pénalité n'est donnée que par une formule (« 1,5 fois le SMIC horaire ») et non par un montant par heure : c'est licite, mais le montant change chaque année et doit être calculé au moment voulu ; `penalty_per_hour_eur` vaut alors null.", "The penalty is given only as a formula (\"1,5 fois le SMIC horaire\") rather than an amount per hour: lawful, but the amount changes every year and must be computed at the time; `penalty_per_hour_eur` is then null."),
    ("rules.explain.section-numbering", "Un sous-article de la clause est numéroté hors de son article (« 1.3.4 Modalités… » dans l'article 4.5) : un reste de copier-coller qui rend les renvois (« article 4.5.4 ») ambigus. Renumérotez-le sous son article.", "A sub-article of the clause is numbered outside its article (\"1.3.4 Modalités…\" inside article 4.5): a copy-paste slip that makes cross-references (\"article 4.5.4\") ambiguous. Renumber it under its article."),
    ("rules.explain.wording-deviation", "La rédaction de la clause est loin de celle du modèle (similarité des mots sous le seuil) : ce n'est pas une erreur en soi, mais l'écart montre ce que dit le modèle et que la clause ne dit pas. Information sous 0,35, jamais plus qu'une information.", "The clause's wording is far from the model's (word-level similarity below the threshold): not an error in itself, but the diff shows what the model says that the clause does not. Info below 0.35, never higher than info."),
    ("rules.explain.wrong-legal-basis", "Un marché réservé cite l'article de l'autre réservation : les structures d'insertion par l'activité économique (SIAE) relèvent de L2113-13 (ex-ordonnance art. 36-II), les entreprises adaptées et les ESAT de L2113-12 (ex-ordonnance art. 36-I, ex-CMP art. 15). Les structures nommées décident de la nature ; la suggestion donne le bon article.", "A reserved contract cites the article of the other kind of reservation: structures d'insertion par l'activité économique (SIAE) are L2113-13 (ex-ordonnance art. 36-II), entreprises adaptées and ESAT are L2113-12 (ex-ordonnance art. 36-I, ex-CMP art. 15). The structures named decide the kind; the suggestion gives the right article."),
    ("severity.error", "erreur", "error"),
    ("severity.info", "info", "info"),
    ("severity.warning", "avertissement", "warning"),
    ("summary.by_rule", "  par règle : {rules}", "  by rule: {rules}"),
    ("summary.clauses", "clauses : {kinds}", "clauses: {kinds}"),
    ("summary.consultations", "{consultations} : constats entre les pièces : {error}, {warning}, {info}", "{consultations}: findings across pieces: {error}, {warning}, {info}"),
    ("summary.count.consultations", "{n} consultation|{n} consultations", "{n} consultation|{n} consultations"),
    ("summary.count.documents", "{n} document|{n} documents", "{n} document|{n} documents"),
    ("summary.count.error", "{n} erreur|{n} erreurs", "{n} error|{n} errors"),
    ("summary.count.info", "{n} information|{n} informations", "{n} info|{n} infos"),
    ("summary.count.none", "{n} sans|{n} sans", "{n} none|{n} none"),
    ("summary.count.read", "{n} lu|{n} lus", "{n} read|{n} read"),
    ("summary.count.unknown", "{n} inconnue (texte non lu)|{n} inconnues (texte non lu)", "{n} unknown (text not read)|{n} unknown (text not read)"),
    ("summary.count.unreadable", "{n} illisible|{n} illisibles", "{n} unreadable|{n} unreadable"),
    ("summary.count.warning", "{n} avertissement|{n} avertissements", "{n} warning|{n} warnings"),
    ("summary.count.with_clauses", "{n} avec clause|{n} avec clauses", "{n} with clauses|{n} with clauses"),
    ("summary.documents", "{documents} : {read}, {unreadable}, {with_clauses}", "{documents}: {read}, {unreadable}, {with_clauses}"),
    ("summary.elapsed", "durée {secs} s · {docs} documents/s · {pages} pages/s", "elapsed {secs} s · {docs} documents/s · {pages} pages/s"),
    ("summary.findings", "constats : {error}, {warning}, {info}", "findings: {error}, {warning}, {info}"),
    ("summary.ocr_pages", "pages lues par OCR : {n}", "pages read by OCR: {n}"),
    ("summary.social", "considérations sociales : {unknown}, {none}", "social considerations: {unknown}, {none}"),
    ("summary.unreadable", "illisibles : {codes}", "unreadable: {codes}"),
    ("templates.common", "pour tous les modèles :", "for every model:"),
    ("templates.default", "(défaut {value})", "(default {value})"),
    ("templates.header", "{id} — {title}\nnature : {kind}\nbase légale : {basis}\n\n{summary}\n", "{id} — {title}\nkind: {kind}\nlegal basis: {basis}\n\n{summary}\n"),
    ("templates.optional", "(facultatif)", "(optional)"),
    ("templates.parameters", "paramètres :", "parameters:"),
    ("text.ocr_page", "── page {page} (OCR, confiance {confidence} %) ──", "── page {page} (OCR, confidence {confidence} %) ──"),
    ("text.pages", "{n} page|{n} pages", "{n} page|{n} pages"),
    ("text.read_by", "lu par {reader}", "read by {reader}"),
    ("text.sections", "{n} section|{n} sections", "{n} section|{n} sections"),
    ("text.toc", "table des matières, {n} ligne|table des matières, {n} lignes", "table of contents, {n} line|table of contents, {n} lines"),
    ("value.false", "non", "no"),
    ("value.true", "oui", "yes"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_sorted_without_duplicates() {
        for pair in CATALOGUE.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    /// The same placeholders in both languages, and both forms when one text has two.
    #[test]
    fn both_languages_say_the_same_thing() {
        fn names(s: &str) -> Vec<&str> {
            let mut v: Vec<&str> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n))
                .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            v.sort();
            v.dedup();
            v
        }
        for (key, fr, en) in CATALOGUE {
            assert_eq!(names(fr), names(en), "{key}");
            assert_eq!(fr.contains('|'), en.contains('|'), "{key}");
            assert!(!fr.is_empty() && !en.is_empty(), "{key}");
        }
    }

    /// Every key the code asks for exists: no message falls back to its key.
    #[test]
    fn every_key_used_in_the_code_is_in_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for marker in ["msg!(\"", "msg_n!(\"", "text(\"", "lookup(\""] {
                let parts: Vec<&str> = code.split(marker).collect();
                for (before, part) in parts.iter().zip(&parts[1..]) {
                    // Our `text`, not a `push_text` of another module.
                    if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let key = part.split('"').next().unwrap();
                    if !INDEX.contains_key(key) {
                        missing.push(format!("{}: {key}", entry.path().display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without an entry: {missing:#?}");
    }

    /// Every stable id people see has its label and explanation in both languages.
    #[test]
    fn every_code_rule_kind_and_element_has_its_entries() {
        let mut keys = Vec::new();
        for code in crate::base::error::Code::ALL {
            keys.push(format!("code.{}", code.as_str()));
        }
        for rule in crate::judge::rules::Rule::ALL {
            keys.push(format!("rule.{}", rule.as_str()));
            keys.push(format!("rules.explain.{}", rule.as_str()));
        }
        for kind in crate::template::ClauseKind::ALL {
            keys.push(format!("kind.{}", kind.as_str()));
        }
        for element in crate::template::ElementId::ALL {
            keys.push(format!("element.{}", element.as_str()));
        }
        for kind in crate::template::ParamType::ALL {
            keys.push(format!("param.type.{}", kind.as_str()));
        }
        for role in crate::find::role::Role::ALL {
            keys.push(format!("role.{}", role.as_str()));
            keys.push(format!("role.described.{}", role.as_str()));
            keys.push(format!("piece.{}", role.as_str()));
        }
        for buyer in crate::template::BuyerCategory::ALL {
            keys.push(format!("buyer.{}", buyer.as_str()));
        }
        for p in crate::write::generate::common_parameters() {
            keys.push(format!("generate.common.{}", p.name));
        }
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| lookup_in(Lang::En, k).is_none())
            .collect();
        assert!(missing.is_empty(), "no catalogue entry for {missing:?}");
    }

    #[test]
    fn placeholders_and_plurals() {
        assert_eq!(
            fill("{a} et {b}, {c}", &[("a", "1".into()), ("b", "2".into())]),
            "1 et 2, {c}"
        );
        assert_eq!(plural("{n} clause|{n} clauses", 0), "{n} clause");
        assert_eq!(text_in(Lang::En, "cli.usage"), "Usage:");
        assert_eq!(text_in(Lang::Fr, "no.such.key"), "no.such.key");
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
