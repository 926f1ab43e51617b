/**
 * The customers of the session's mode, newest first, a page at a time; search and the create form on top. Each
 * row opens its customer: the name is the link, and it covers the whole row (`.row-link`). An unset field shows
 * as "none", as on the customer's page.
 */
export const customerListTemplate = `<% layout('@layout') %>
<div class="page-head">
  <h1>Customers <span class="mode-badge mode-badge-<%= it.mode %>"><%= it.modeLabel %></span></h1>
</div>
<% if (it.notice) { %>
<p class="notice" role="status"><%= it.notice %></p>
<% } %>
<%~ include('@form-errors', it) %>
<details class="panel" id="new-customer"<% if (it.form.errors) { %> open<% } %>>
  <summary>Create a customer in <%= it.mode %> mode</summary>
  <form class="customer-form" method="post" action="<%= it.paths.customers %>" novalidate>
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <%~ include('@customer-fields', it) %>
    <div class="form-actions">
      <button class="button primary" type="submit">Create customer</button>
    </div>
  </form>
</details>
<form class="search" role="search" method="get" action="<%= it.paths.customers %>">
  <label for="search">Search by name or email</label>
  <div class="search-row">
    <input id="search" name="search" type="search" value="<%= it.search %>" maxlength="<%= it.searchMaxLength %>" autocomplete="off">
    <button class="button" type="submit">Search</button>
<% if (it.search) { %>
    <a class="button quiet" href="<%= it.paths.customers %>">Clear</a>
<% } %>
  </div>
</form>
<% if (it.customers.length === 0) { %>
<p class="empty-state"><%= it.emptyMessage %></p>
<% } else { %>
<div class="table-wrap">
<table class="customers">
  <caption class="visually-hidden">Customers in <%= it.mode %> mode, newest first<% if (it.search) { %>, matching “<%= it.search %>”<% } %></caption>
  <thead>
    <tr><th scope="col">ID</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Locale</th><th scope="col">Created</th></tr>
  </thead>
  <tbody>
<% for (const customer of it.customers) { %>
    <tr>
      <td data-label="ID"><code><%= customer.id %></code></td>
      <td data-label="Name"><a class="row-link" href="<%= customer.dashboardPath %>"><% if (customer.name !== null) { %><%= customer.name %><% } else { %><span class="none">Unnamed customer</span><% } %></a></td>
      <td data-label="Email"><% if (customer.email !== null) { %><%= customer.email %><% } else { %><span class="none">none</span><% } %></td>
      <td data-label="Locale"><% if (customer.locale !== null) { %><%= customer.locale %><% } else { %><span class="none">none</span><% } %></td>
      <td data-label="Created"><time datetime="<%= customer.createdAt %>"><%= customer.createdAtText %></time></td>
    </tr>
<% } %>
  </tbody>
</table>
</div>
<% } %>
<% if (it.pages.previous || it.pages.next) { %>
<nav class="pagination" aria-label="Pages">
<% if (it.pages.previous) { %>
  <a class="button" rel="prev" href="<%= it.pages.previous %>">← Newer</a>
<% } %>
<% if (it.pages.next) { %>
  <a class="button" rel="next" href="<%= it.pages.next %>">Older →</a>
<% } %>
</nav>
<% } %>
<p class="api-hint">In the API: <a href="<%= it.apiUrl %>"><code>GET <%= it.apiUrl %></code></a> · <a href="<%= it.documentationUrl %>">List customers reference</a></p>
`
