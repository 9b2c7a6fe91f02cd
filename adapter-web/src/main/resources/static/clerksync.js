// Loads Clerk's browser SDK from the instance's Frontend API and mounts the sign-in modal button or
// the user button. The page is complete without it: if Clerk cannot be loaded, it says so.
(function () {
  const body = document.body;
  const status = document.getElementById('clerk-status');
  const signedIn = body.dataset.signedIn === 'true';
  const publishableKey = body.dataset.clerkPublishableKey;
  const src = body.dataset.clerkJsUrl;
  if (!publishableKey || !src) {
    return;
  }

  let settled = false;
  function show(state, text) {
    settled = true;
    status.dataset.state = state;
    status.textContent = text;
    status.hidden = state === 'ready';
  }
  function unavailable() {
    show('unavailable', 'Sign-in is unavailable right now: Clerk could not be loaded. Please try again later.');
  }
  const timeout = setTimeout(function () { if (!settled) { unavailable(); } }, 15000);

  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  script.crossOrigin = 'anonymous';
  script.setAttribute('data-clerk-publishable-key', publishableKey);
  script.addEventListener('error', function () { clearTimeout(timeout); unavailable(); });
  script.addEventListener('load', async function () {
    try {
      await window.Clerk.load();
      clearTimeout(timeout);
      show('ready', '');
      if (signedIn) {
        window.Clerk.mountUserButton(document.getElementById('user-button'));
      } else {
        const button = document.getElementById('sign-in');
        button.disabled = false;
        button.addEventListener('click', function () { window.Clerk.openSignIn(); });
      }
      // Signing in or out in Clerk's components changes the session cookies: render the page anew.
      // Only a change of Clerk's own state counts; comparing with the server's view instead could
      // reload forever whenever the server cannot confirm a session Clerk believes in.
      let clerkSignedIn = Boolean(window.Clerk.user);
      window.Clerk.addListener(function (resources) {
        const now = Boolean(resources.user);
        if (now !== clerkSignedIn) {
          clerkSignedIn = now;
          window.location.reload();
        }
      });
    } catch (e) {
      clearTimeout(timeout);
      unavailable();
    }
  });
  document.head.appendChild(script);
})();
