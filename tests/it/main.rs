//! The integration tests, in one test binary: each module drives the real `clausier` binary or
//! the library on documents we wrote (`fixtures/`), and, where they say so, on the real
//! documents kept beside the repository (`../shared/corpus`). One binary links the
//! dependencies once instead of once per file.

mod archives;
mod blind;
mod blind_field;
mod catalogue;
mod check_cli;
mod cli;
mod common;
mod consultations;
mod documents;
mod every_format;
mod example;
mod formats;
mod french;
mod generate;
mod generate_refuses;
mod hostile;
mod house;
mod html_report;
mod never_touch;
mod notice_fields;
mod notices;
mod ocr;
mod output_formats;
mod read;
mod redline;
mod robustness;
mod roles;
mod rules;
mod scan;
mod serve;
