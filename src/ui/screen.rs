//! Handing the terminal over (to the shell on Ctrl-Z, to the user's editor on `e`) and
//! taking it back, and the gate that keeps the input thread from reading keys meant for
//! the program the terminal was handed to.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crossterm::event;
use ratatui::DefaultTerminal;

/// How long the input thread waits for a key before looking at the gate again.
const POLL: Duration = Duration::from_millis(50);

/// Open while tracker reads the keyboard; shut while another program owns the terminal.
#[derive(Default)]
pub struct InputGate {
    shut: AtomicBool,
    reading: Mutex<()>,
}

/// Keeps the gate shut while alive.
pub struct Shut<'a> {
    gate: &'a InputGate,
    _reading: MutexGuard<'a, ()>,
}

impl Drop for Shut<'_> {
    fn drop(&mut self) {
        self.gate.shut.store(false, Ordering::SeqCst);
    }
}

impl InputGate {
    /// Waits for the input thread to finish its current poll, and keeps it from starting
    /// another until the returned guard is dropped.
    pub fn shut(&self) -> Shut<'_> {
        self.shut.store(true, Ordering::SeqCst);
        let reading = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        Shut {
            gate: self,
            _reading: reading,
        }
    }

    /// The next terminal event, or None when there was none within a short while or the
    /// gate is shut. Errors end the input thread.
    pub fn next_event(&self) -> std::io::Result<Option<event::Event>> {
        if self.shut.load(Ordering::SeqCst) {
            std::thread::sleep(POLL);
            return Ok(None);
        }
        let _reading = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        if self.shut.load(Ordering::SeqCst) || !event::poll(POLL)? {
            return Ok(None);
        }
        event::read().map(Some)
    }
}

/// Gives the terminal back as the shell expects it: main screen, cooked mode.
pub fn leave() {
    let _ = crossterm::execute!(std::io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
}

/// Takes the terminal back: full screen again, every cell drawn on the next frame.
pub fn enter(terminal: &mut DefaultTerminal) {
    let _ = crossterm::terminal::enable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        event::EnableBracketedPaste
    );
    // (`clear()` would ask the terminal where its cursor is, and the input thread would
    // take the answer.)
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        crossterm::cursor::Hide
    );
    if let Ok(fresh) =
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
    {
        *terminal = fresh;
    }
}
