//! Shared quick-xml helpers for DOCX and ODT. (placeholder)
