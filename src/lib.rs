//! clausier finds, checks and generates the social insertion clauses ("clauses sociales
//! d'insertion") of French public procurement documents.

pub mod document;
pub mod error;
pub mod extract;
