// Test helper, imported before Ink: is-in-ci reads CI at import, and Ink would then draw only the last frame.
// The in-process TUI tests need every frame, as a user's terminal gets (commands/tui.ts does the same).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
