//! Rendering results as bytes for people and for machines. Renderers write to the writer they
//! are given and never print by themselves.

pub mod text;
