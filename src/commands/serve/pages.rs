//! The pages, rendered by minijinja from the templates beside this file, embedded in the
//! binary. Templates are `.html`, so minijinja escapes every value put in them: a file name, a
//! buyer's name or a clause's words are shown as text, never run. Every sentence comes from the
//! message catalogue (`t("key")`), in the language of the run.

use super::http::Reply;
use super::upload::Refused;
use super::verify::Verified;
use clausier::base::i18n::{self, text};
use clausier::base::typography;
use clausier::judge::rules::Rule;
use clausier::msg;
use clausier::template::{AnruScope, Catalog};
use minijinja::value::Kwargs;
use minijinja::{context, Environment, Value};

/// The page's style sheet.
pub const CSS: &str = include_str!("assets/serve.css");
/// The page's script: drag-and-drop, progress, lots added and removed; the forms work without.
pub const JS: &str = include_str!("assets/serve.js");

/// The templates, by name.
const TEMPLATES: [(&str, &str); 8] = [
    ("base.html", include_str!("templates/base.html")),
    ("verify.html", include_str!("templates/verify.html")),
    ("result.html", include_str!("templates/result.html")),
    ("waiting.html", include_str!("templates/waiting.html")),
    ("message.html", include_str!("templates/message.html")),
    ("draft.html", include_str!("templates/draft.html")),
    ("rules.html", include_str!("templates/rules.html")),
    ("guide.html", include_str!("templates/guide.html")),
];

/// The buyers' guide, shown at `/guide` as it reads in the repository.
const GUIDE: &str = include_str!("../../../docs/guide.md");

pub struct Pages {
    env: Environment<'static>,
}

/// `t("key", name=value…)`: the catalogue's sentence, placeholders filled.
fn t(key: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let mut args: Vec<(&str, String)> = Vec::new();
    let names: Vec<&str> = kwargs.args().collect();
    for name in names {
        let value: Value = kwargs.get(name)?;
        args.push((name, value.to_string()));
    }
    Ok(i18n::fill(text(key), &args))
}

/// `label("role", "ccap")`: the catalogue's word for an id (`role.ccap`), or the id itself.
fn label(prefix: &str, id: Value) -> String {
    let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
    i18n::lookup(&format!("{prefix}.{id}")).map_or(id, str::to_string)
}

impl Pages {
    pub fn new(token: &str) -> Self {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the page templates are valid");
        }
        env.add_function("t", t);
        env.add_function("label", label);
        env.add_global("jeton", token.to_string());
        env.add_global("jeton_champ", super::upload::TOKEN_FIELD);
        Pages { env }
    }

    fn render(&self, status: u16, name: &str, ctx: Value) -> Reply {
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => Reply::html(status, html.into_bytes()),
            Err(_) => Reply::html(500, text("serve.error.internal").as_bytes().to_vec()),
        }
    }

    /// A page that says one thing: a refusal, a missing page.
    pub fn message(&self, status: u16, key: &str) -> Reply {
        self.render(
            status,
            "message.html",
            context! { status, message => text(key) },
        )
    }

    /// The page of a refused upload: 413 with what was too large, 403 for a forged form.
    pub fn refusal(&self, refused: &Refused) -> Reply {
        match refused {
            Refused::TooLarge(why) => self.render(
                413,
                "message.html",
                context! { status => 413, message => text("serve.error.too_large"), detail => why },
            ),
            Refused::Forbidden => self.message(403, "serve.error.token"),
            Refused::BadRequest => self.message(400, "serve.error.bad_request"),
        }
    }

    /// « Vérifier un DCE »: the upload form.
    pub fn verify_form(&self) -> Reply {
        self.render(200, "verify.html", context! { page => "verifier" })
    }

    /// An analysis still running, for a browser without script: the page reloads itself.
    pub fn waiting(&self, id: &str, done: usize, total: usize) -> Reply {
        self.render(
            200,
            "waiting.html",
            context! { page => "verifier", id, done, total },
        )
    }

    /// The result of an analysis.
    pub fn result(&self, id: &str, verified: &Verified) -> Reply {
        self.render(
            200,
            "result.html",
            context! { page => "verifier", id, r => Value::from(minijinja::value::Serde(&verified.view)) },
        )
    }

    /// « Rédiger une clause ».
    /// The preview is the clause as the library renders it to HTML, every value it holds
    /// already escaped there.
    pub fn draft(&self, status: u16, form: &serde_json::Value, preview: Option<String>) -> Reply {
        self.render(
            status,
            "draft.html",
            context! {
                page => "rediger",
                f => Value::from(minijinja::value::Serde(form)),
                preview => preview.map(Value::from_safe_string),
            },
        )
    }

    /// « Les règles »: what `clausier rules` says, then the dated tables the rules read.
    pub fn rules(&self, catalog: &Catalog) -> Reply {
        let rules: Vec<Value> = Rule::ALL
            .iter()
            .map(|r| context! { id => r.as_str(), label => r.label(), explain => r.explain() })
            .collect();
        let mandatory = &catalog.mandatory;
        let mut thresholds = mandatory.thresholds.clone();
        thresholds.sort_by(|a, b| {
            (b.valid_from, &a.contract, a.buyer.map(|c| c.as_str())).cmp(&(
                a.valid_from,
                &b.contract,
                b.buyer.map(|c| c.as_str()),
            ))
        });
        let thresholds: Vec<Value> = thresholds
            .iter()
            .map(|t| {
                context! {
                    period => msg!("serve.rules.period", from = typography::date(t.valid_from), until = typography::date(t.valid_until)),
                    contract => text(&format!("serve.rules.contract.{}", t.contract)),
                    buyer => t.buyer.map_or_else(|| text("serve.rules.every_buyer").to_string(), |b| text(&format!("buyer.{}", b.as_str())).to_string()),
                    amount => msg!("serve.euros_ht", amount = typography::euros(t.amount_eur)),
                }
            })
            .collect();
        let references: Vec<Value> = catalog
            .legal
            .iter()
            .map(|r| {
                context! {
                    label => r.label.get(),
                    subject => r.subject.get(),
                    until => typography::date(r.valid_until),
                    replacement => r.replacement.get(),
                    source => r.source.clone(),
                }
            })
            .collect();
        let terms: Vec<Value> = catalog
            .terms
            .iter()
            .map(|term| {
                context! {
                    term => term.term.clone(),
                    replacement => term.replacement.get(),
                    since => typography::date(term.replaced_on),
                    why => term.why.get(),
                    source => term.source.clone(),
                }
            })
            .collect();
        let anru: Vec<Value> = catalog
            .anru
            .iter()
            .map(|a| {
                context! {
                    scope => text(match a.scope { AnruScope::Works => "serve.rules.anru.works", AnruScope::Gup => "serve.rules.anru.gup" }),
                    percent => typography::number(a.percent, 2),
                    since => typography::date(a.valid_from),
                    source => a.source.clone(),
                }
            })
            .collect();
        self.render(
            200,
            "rules.html",
            context! {
                page => "regles",
                rules, thresholds, references, terms, anru,
                mandatory_from => typography::date(mandatory.from),
            },
        )
    }

    /// The buyers' guide.
    pub fn guide(&self) -> Reply {
        let body = clausier::write::generate::to_html_body(GUIDE);
        self.render(
            200,
            "guide.html",
            context! { page => "guide", body => Value::from_safe_string(body) },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the templates and the script ask for is in the catalogue, in both languages.
    #[test]
    fn every_key_of_the_pages_is_in_the_catalogue() {
        let fr = i18n::parse_catalogue(i18n::FRENCH).unwrap();
        let mut missing = Vec::new();
        for (name, source) in TEMPLATES {
            for part in source.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                if !fr.contains_key(key) {
                    missing.push(format!("{name}: {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// The pages render, and what a file's name says is shown as text.
    #[test]
    fn pages_render_and_escape() {
        let pages = Pages::new("0123");
        let reply = pages.refusal(&Refused::TooLarge("<script>x</script>".into()));
        let html = String::from_utf8(reply.body).unwrap();
        assert_eq!(reply.status, 413);
        assert!(html.contains("&lt;script&gt;x&lt;"));
        assert!(!html.contains("<script>x"));
        let catalog = Catalog::builtin().unwrap();
        assert_eq!(pages.rules(&catalog).status, 200);
        assert_eq!(pages.guide().status, 200);
        let form = String::from_utf8(pages.verify_form().body).unwrap();
        assert!(form.contains("value=\"0123\""));
    }
}
