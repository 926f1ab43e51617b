/** The summary above a refused form: says that nothing was saved and links to the field at fault. */
export const formErrorsTemplate = `<% if (it.form.error) { %>
<div class="error-summary" role="alert">
  <h2><%= it.form.failure %></h2>
<% if (it.form.error.field) { %>
  <p><a href="#field-<%= it.form.error.field %>"><%= it.form.error.detail %></a></p>
<% } else { %>
  <p><%= it.form.error.detail %></p>
<% } %>
</div>
<% } %>
`
