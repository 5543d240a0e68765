//! Image-level tests of the facade: one integration binary (see conventions).
mod common;
mod corruption;
mod differential;
mod real_corpus;
