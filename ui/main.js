// Meshdesk's window entry point: loads the Leptos app (wasm) and mounts it.
// It lives in its own file because the CSP allows no inline scripts.
import init from './meshdesk_ui.js';

// Applied before the wasm loads so that a dark-theme user never sees a light flash.
try {
  if (localStorage.getItem('meshdesk.theme') === 'dark') {
    document.documentElement.classList.add('dark');
  }
} catch (_) {
  // Storage can be unavailable; the app falls back to the light theme itself.
}

const boot = document.getElementById('boot');
init()
  .then(() => boot?.remove())
  .catch((error) => {
    if (boot) {
      boot.classList.add('boot-failed');
      boot.textContent = `Meshdesk could not start: ${error}`;
    }
  });
