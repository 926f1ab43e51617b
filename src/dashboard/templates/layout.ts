/** The frame of every dashboard page: header with the organization, navigation, mode switch and sign-out. */
export const layoutTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %> · Clientele dashboard</title>
<link rel="stylesheet" href="<%= it.assets.stylesheet %>">
<link rel="icon" href="<%= it.assets.icon %>" type="image/svg+xml">
</head>
<body<% if (it.session) { %> class="mode-<%= it.session.mode %>"<% } %>>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="<%= it.paths.customers %>">Clientele</a>
<% if (it.session) { %>
    <span class="organization" title="Organization"><%= it.session.organizationName %></span>
    <nav class="main-nav" aria-label="Main">
      <a href="<%= it.paths.customers %>"<% if (it.section === 'customers') { %> aria-current="page"<% } %>>Customers</a>
      <a href="<%= it.paths.payments %>"<% if (it.section === 'payments') { %> aria-current="page"<% } %>>Payments</a>
      <a href="<%= it.paths.docs %>">API docs</a>
    </nav>
    <form class="mode-switch" method="post" action="<%= it.paths.mode %>">
      <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
      <span id="mode-label" class="mode-label">Mode</span>
      <div class="segmented" role="group" aria-labelledby="mode-label"<% if (it.session.modeNote) { %> aria-describedby="mode-note"<% } %>>
<% for (const choice of it.session.modeChoices) { %>
        <button type="submit" name="mode" value="<%= choice.mode %>" aria-pressed="<%= choice.current %>"<% if (!choice.available) { %> disabled<% } %>><%= choice.label %></button>
<% } %>
      </div>
    </form>
    <form class="sign-out" method="post" action="<%= it.paths.signOut %>">
      <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
      <button type="submit" class="link-button">Sign out</button>
    </form>
<% } else { %>
    <nav class="main-nav" aria-label="Main"><a href="<%= it.paths.docs %>">API docs</a></nav>
<% } %>
  </div>
<% if (it.session && it.session.modeNote) { %>
  <p class="mode-note" id="mode-note"><%= it.session.modeNote %></p>
<% } %>
</header>
<main id="main" tabindex="-1">
<%~ it.body %>
</main>
<footer class="site-footer">
  <p>Clientele, a self-hosted Mollie API (customers, mandates, payments) · <a href="<%= it.paths.docs %>">API reference</a> · <a href="<%= it.paths.openApi %>">OpenAPI document</a></p>
</footer>
</body>
</html>
`
