/** A page of payments, newest first: the tenant's, or one customer's (then with a way back to the customer). */
export const paymentListTemplate = `<% layout('@layout') %>
<% if (it.customer) { %>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<%= it.paths.customers %>">Customers</a> <span aria-hidden="true">›</span> <a href="<%= it.customer.dashboardPath %>"><%= it.customer.id %></a> <span aria-hidden="true">›</span> <span aria-current="page">Payments</span></nav>
<% } %>
<div class="page-head">
  <h1><%= it.heading %></h1>
</div>
<% if (it.payments.length === 0) { %>
<p class="empty-state"><%= it.emptyMessage %></p>
<% } else { %>
<div class="table-wrap">
<table class="customers payments">
  <caption class="visually-hidden"><%= it.heading %>, newest first</caption>
  <thead>
    <tr><th scope="col">ID</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Description</th><th scope="col">Method</th><% if (!it.customer) { %><th scope="col">Customer</th><% } %><th scope="col">Created</th></tr>
  </thead>
  <tbody>
<% for (const payment of it.payments) { %>
    <tr>
      <td data-label="ID"><a class="row-link" href="<%= payment.dashboardPath %>"><code><%= payment.id %></code></a></td>
      <td data-label="Amount"><%= payment.amountText %></td>
      <td data-label="Status"><span class="event-type"><%= payment.status %></span></td>
      <td data-label="Description"><%= payment.description %></td>
      <td data-label="Method"><% if (payment.method !== null) { %><%= payment.method %><% } else { %><span class="none">not chosen</span><% } %></td>
<% if (!it.customer) { %>
      <td data-label="Customer"><% if (payment.customerId !== null) { %><code><%= payment.customerId %></code><% } else { %><span class="none">none</span><% } %></td>
<% } %>
      <td data-label="Created"><time datetime="<%= payment.createdAt %>"><%= payment.createdAtText %></time></td>
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
<p class="api-hint">In the API: <a href="<%= it.apiUrl %>"><code>GET <%= it.apiUrl %></code></a></p>
`
