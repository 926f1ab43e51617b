/** One customer: every field, its place in the API, and its history as a timeline. */
export const customerTemplate = `<% layout('@layout') %>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<%= it.paths.customers %>">Customers</a> <span aria-hidden="true">›</span> <span aria-current="page"><%= it.customer.id %></span></nav>
<div class="page-head">
  <h1><% if (it.customer.name !== null) { %><%= it.customer.name %><% } else { %><span class="none">Unnamed customer</span><% } %></h1>
  <div class="actions">
    <a class="button" href="<%= it.paths.customerPayments(it.customer.id) %>">Payments</a>
    <a class="button" href="<%= it.paths.customerEdit(it.customer.id) %>">Edit</a>
    <a class="button danger" href="<%= it.paths.customerDelete(it.customer.id) %>">Delete</a>
  </div>
</div>
<% if (it.notice) { %>
<p class="notice" role="status"><%= it.notice %></p>
<% } %>
<div class="columns">
  <section class="panel" aria-labelledby="details-heading">
    <h2 id="details-heading">Details</h2>
    <dl class="fields">
      <div><dt>ID</dt><dd><code><%= it.customer.id %></code></dd></div>
      <div><dt>Mode</dt><dd><span class="mode-badge mode-badge-<%= it.customer.mode %>"><%= it.customer.mode %></span></dd></div>
      <div><dt>Name</dt><dd><% if (it.customer.name !== null) { %><%= it.customer.name %><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Email</dt><dd><% if (it.customer.email !== null) { %><%= it.customer.email %><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Locale</dt><dd><% if (it.customer.locale !== null) { %><%= it.customer.locale %><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Created</dt><dd><time datetime="<%= it.customer.createdAt %>"><%= it.customer.createdAtText %></time> <span class="raw">(<code><%= it.customer.createdAt %></code>)</span></dd></div>
      <div class="wide"><dt>Metadata</dt><dd><% if (it.customer.metadataJson !== null) { %><pre class="json"><code><%= it.customer.metadataJson %></code></pre><% } else { %><span class="none">none</span><% } %></dd></div>
    </dl>
  </section>
  <section class="panel" aria-labelledby="history-heading">
    <h2 id="history-heading">History</h2>
    <ol class="timeline">
<% for (const event of it.events) { %>
      <li>
        <time datetime="<%= event.createdAt %>"><%= event.createdAtText %></time>
        <p><span class="event-type" title="Event type"><%= event.type %></span> <%= event.message %></p>
      </li>
<% } %>
    </ol>
  </section>
  <%~ include('@customer-mandates', it) %>
  <%~ include('@customer-subscriptions', it) %>
  <section class="panel wide" aria-labelledby="api-heading">
    <h2 id="api-heading">In the API</h2>
    <dl class="fields">
      <div><dt>URL</dt><dd><a href="<%= it.customer.apiUrl %>"><code><%= it.customer.apiUrl %></code></a></dd></div>
      <div><dt>Reference</dt><dd><a href="<%= it.documentationUrl %>">Get customer</a></dd></div>
    </dl>
    <pre class="command"><code><%= it.curl %></code></pre>
  </section>
</div>
`
