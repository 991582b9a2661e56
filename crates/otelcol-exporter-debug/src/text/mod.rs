//! The text forms of a logs batch: `normal` (one line per record) and `detailed` (every field).

mod detailed;
mod normal;

pub use detailed::marshal_detailed;
pub use normal::marshal_normal;
