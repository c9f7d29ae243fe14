//! The terminal interface: state (`app`), actions and the keymap, `update`, rendering
//! (`panes`), and the event loop (`terminal`). It knows nothing of RON.

pub mod action;
pub mod app;
pub mod editor;
pub mod i18n;
pub mod keymap;
pub(crate) mod layout;
pub mod panes;
mod screen;
pub mod startup;
pub mod terminal;
pub mod theme;
pub mod update;
pub(crate) mod width;
mod worker;

pub use action::{Action, Effect, Event, Message};
pub use app::App;
pub use terminal::{Options, run};
pub use update::update;
