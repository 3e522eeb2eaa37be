//! xibu: a quota and compliance checker for 大学生志愿服务西部计划 placement rosters.
//!
//! Data flows one way: [`input`] reads files into rows of cells; [`plan`] holds the year's plan
//! tables; the commands in [`cmd`] put them together; [`render`] formats what they found.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod idcard;
pub mod input;
pub mod memory;
pub mod messages;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod province;
pub mod render;
pub mod report;
pub mod roster;
pub mod rules;
pub mod sheet;
pub mod template;
pub mod text;

pub use error::Error;
pub use plan::Plan;
pub use province::Province;
