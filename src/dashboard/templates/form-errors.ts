/** The summary above a refused form: says that nothing was saved and links to every field at fault. */
export const formErrorsTemplate = `<% if (it.form.errors && it.form.errors.length > 0) { %>
<div class="error-summary" role="alert">
  <h2><%= it.form.failure %></h2>
<% for (const fault of it.form.errors) { %>
<% if (fault.field) { %>
  <p><a href="#field-<%= fault.field %>"><%= fault.detail %></a></p>
<% } else { %>
  <p><%= fault.detail %></p>
<% } %>
<% } %>
</div>
<% } %>
`
