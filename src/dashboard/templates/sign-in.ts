/** Sign-in: one field for a key. The key is never written back into the page, not even after a failed try. */
export const signInTemplate = `<% layout('@layout') %>
<section class="card narrow" aria-labelledby="sign-in-heading">
  <h1 id="sign-in-heading">Sign in to the dashboard</h1>
<% if (it.notice) { %>
  <p class="notice" role="status"><%= it.notice %></p>
<% } %>
<% if (it.error) { %>
  <div class="error-summary" role="alert">
    <p><%= it.error %></p>
  </div>
<% } %>
  <form method="post" action="<%= it.paths.signIn %>" novalidate>
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% if (it.next) { %>
    <input type="hidden" name="next" value="<%= it.next %>">
<% } %>
    <div class="field<% if (it.error) { %> invalid<% } %>">
      <label for="key">API key or organization access token</label>
      <input id="key" name="key" type="password" autocomplete="off" autocapitalize="off" spellcheck="false" required autofocus aria-describedby="key-hint"<% if (it.error) { %> aria-invalid="true"<% } %>>
      <p class="hint" id="key-hint">A key of your organization: <code>test_…</code>, <code>live_…</code> or <code>access_…</code>.</p>
    </div>
    <div class="form-actions">
      <button class="button primary" type="submit">Sign in</button>
    </div>
  </form>
  <details class="explainer">
    <summary>Which key should I use?</summary>
    <p>A <code>test_</code> API key shows test-mode customers only, and a <code>live_</code> key live-mode customers
      only: an API key is bound to its mode, so the mode switch offers the other mode only after signing in with an
      organization access token (<code>access_</code>), which can use both.</p>
    <p><code>npm start</code> prints a test and a live key the first time; <code>npx clientele keys create</code>
      makes more. The dashboard keeps no key: it remembers only which credential signed in, for
      <%= it.sessionHours %> hours or until you sign out, and a revoked key ends its sessions at once.</p>
  </details>
</section>
`
