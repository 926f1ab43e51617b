/** The confirmation a delete needs: says what is erased and what remains, then asks. */
export const customerDeleteTemplate = `<% layout('@layout') %>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<%= it.paths.customers %>">Customers</a> <span aria-hidden="true">›</span> <a href="<%= it.customer.dashboardPath %>"><%= it.customer.id %></a> <span aria-hidden="true">›</span> <span aria-current="page">Delete</span></nav>
<section class="card narrow danger-zone" aria-labelledby="delete-heading">
  <h1 id="delete-heading">Delete this customer?</h1>
  <p>You are about to delete <strong><% if (it.customer.name !== null) { %><%= it.customer.name %><% } else { %>an unnamed customer<% } %></strong>
    (<code><%= it.customer.id %></code>, <%= it.customer.mode %> mode).</p>
  <p>Its name, email, locale and metadata are erased; its id and history remain, and the API answers 404 for it
    from then on. This cannot be undone.</p>
  <form method="post" action="<%= it.paths.customerDelete(it.customer.id) %>">
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <div class="form-actions">
      <button class="button danger" type="submit">Delete customer</button>
      <a class="button quiet" href="<%= it.customer.dashboardPath %>">Cancel</a>
    </div>
  </form>
</section>
`
