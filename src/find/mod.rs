//! The finding stage: what a read document is and what it says. `role` tells which piece of a
//! consultation it is; `detect` finds the clause candidates against the models, `form` says how
//! the document carries each (the stipulation, a mention, a reference), `flag` reads the
//! structured flags of notices, `reserved` the reservations' legal bases; `params` reads a
//! clause's figures and `facts` the consultation facts a piece states. Nothing here judges.

pub mod clause;
pub mod detect;
pub(crate) mod facts;
pub(crate) mod flag;
pub(crate) mod form;
pub mod params;
pub(crate) mod reserved;
pub mod role;
