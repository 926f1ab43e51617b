/** The edit form: the same fields and messages as the create form, prefilled with the customer's values. */
export const customerEditTemplate = `<% layout('@layout') %>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<%= it.paths.customers %>">Customers</a> <span aria-hidden="true">›</span> <a href="<%= it.customer.dashboardPath %>"><%= it.customer.id %></a> <span aria-hidden="true">›</span> <span aria-current="page">Edit</span></nav>
<h1>Edit customer <code><%= it.customer.id %></code></h1>
<%~ include('@form-errors', it) %>
<form class="customer-form panel" method="post" action="<%= it.paths.customerEdit(it.customer.id) %>" novalidate>
  <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
  <%~ include('@customer-fields', it) %>
  <p class="hint">An empty field is cleared (the API's <code>null</code>).</p>
  <div class="form-actions">
    <button class="button primary" type="submit">Save changes</button>
    <a class="button quiet" href="<%= it.customer.dashboardPath %>">Cancel</a>
  </div>
</form>
`
