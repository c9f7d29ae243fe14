//! When git needs a password or passphrase. In the background git never asks
//! (`GIT_TERMINAL_PROMPT=0`, ssh in batch mode), so it fails; these are the words it fails
//! with, and the terminal is then handed over for the user to answer git's own prompts.

/// Whether git's words say it stopped for want of a password, a passphrase or a user name.
pub fn needs_password(stderr: &str) -> bool {
    const SIGNS: [&str; 7] = [
        // HTTPS, with prompts turned off, or a password the server refused (asked again).
        "terminal prompts disabled",
        "could not read Username",
        "could not read Password",
        "Authentication failed",
        // ssh in batch mode: a key with a passphrase and no agent, or a password login.
        "Permission denied (publickey",
        "Permission denied (password",
        // ssh asks to trust a server it has not met: a question only the user can answer.
        "Host key verification failed",
    ];
    SIGNS.iter().any(|s| stderr.contains(s))
}

#[cfg(test)]
mod tests {
    use super::needs_password;

    #[test]
    fn git_and_ssh_words_for_a_missing_password_are_known() {
        assert!(needs_password(
            "fatal: could not read Username for 'https://git.office.gov': terminal prompts disabled"
        ));
        assert!(needs_password(
            "git@server: Permission denied (publickey,password).\r\nfatal: Could not read from remote repository."
        ));
        assert!(needs_password(
            "Host key verification failed.\nfatal: Could not read from remote repository."
        ));
        assert!(needs_password(
            "fatal: Authentication failed for 'https://git.office.gov/ledger.git/'"
        ));
        assert!(!needs_password(
            "fatal: '/mnt/share/office.git' does not appear to be a git repository"
        ));
        assert!(!needs_password(
            "ssh: connect to host server port 22: Connection refused"
        ));
    }
}
