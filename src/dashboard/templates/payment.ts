/**
 * One payment: its fields, its URLs, the outcome buttons (test mode; a CSRF-protected form) and its webhook
 * deliveries with every attempt.
 */
export const paymentTemplate = `<% layout('@layout') %>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="<%= it.paths.payments %>">Payments</a> <span aria-hidden="true">›</span> <span aria-current="page"><%= it.payment.id %></span></nav>
<div class="page-head">
  <h1><%= it.payment.amountText %> <span class="event-type" title="Status"><%= it.payment.status %></span></h1>
</div>
<% if (it.notice) { %>
<p class="notice" role="status"><%= it.notice %></p>
<% } %>
<% if (it.error) { %>
<div class="error-summary" role="alert">
  <h2>The status was not changed</h2>
  <p><%= it.error %></p>
</div>
<% } %>
<div class="columns">
  <section class="panel" aria-labelledby="details-heading">
    <h2 id="details-heading">Details</h2>
    <dl class="fields">
      <div><dt>ID</dt><dd><code><%= it.payment.id %></code></dd></div>
      <div><dt>Mode</dt><dd><span class="mode-badge mode-badge-<%= it.payment.mode %>"><%= it.payment.mode %></span></dd></div>
      <div><dt>Status</dt><dd><%= it.payment.status %></dd></div>
      <div><dt>Amount</dt><dd><%= it.payment.amountText %></dd></div>
      <div><dt>Description</dt><dd><%= it.payment.description %></dd></div>
      <div><dt>Method</dt><dd><% if (it.payment.method !== null) { %><%= it.payment.method %><% } else { %><span class="none">not chosen yet</span><% } %></dd></div>
      <div><dt>Sequence</dt><dd><%= it.payment.sequenceType %> <span class="raw">(<%= it.payment.sequenceText %>)</span></dd></div>
      <div><dt>Customer</dt><dd><% if (it.payment.customerPath !== null) { %><a href="<%= it.payment.customerPath %>"><code><%= it.payment.customerId %></code></a><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Mandate</dt><dd><% if (it.payment.mandateId !== null) { %><% if (it.payment.mandateApiUrl !== null) { %><a href="<%= it.payment.mandateApiUrl %>"><code><%= it.payment.mandateId %></code></a><% } else { %><code><%= it.payment.mandateId %></code><% } %><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Profile</dt><dd><code><%= it.payment.profileId %></code></dd></div>
<% if (it.payment.captureMode !== null) { %>
      <div><dt>Capture</dt><dd><%= it.payment.captureMode %></dd></div>
<% } %>
<% if (it.payment.locale !== null) { %>
      <div><dt>Locale</dt><dd><%= it.payment.locale %></dd></div>
<% } %>
<% for (const stamp of it.payment.timestamps) { %>
      <div><dt><%= stamp.label %></dt><dd><time datetime="<%= stamp.at %>"><%= stamp.text %></time> <span class="raw">(<code><%= stamp.at %></code>)</span></dd></div>
<% } %>
    </dl>
  </section>
  <section class="panel" id="outcome" aria-labelledby="outcome-heading">
    <h2 id="outcome-heading">Outcome</h2>
<% if (it.outcomeForm) { %>
<% if (it.outcomeForm.overdue) { %>
    <p class="hint">The payment’s expiry has passed: it can only expire now.</p>
<% } %>
    <form method="post" action="<%= it.outcomeForm.action %>">
      <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
<% if (it.outcomeForm.methods.length > 0) { %>
      <div class="field">
        <label for="field-method">Method</label>
        <select id="field-method" name="method">
<% for (const method of it.outcomeForm.methods) { %>
          <option value="<%= method.value %>"><%= method.label %></option>
<% } %>
        </select>
      </div>
<% } %>
      <div class="actions">
<% for (const outcome of it.outcomeForm.outcomes) { %>
        <button class="button<% if (outcome.status === 'paid') { %> primary<% } %>" type="submit" name="status" value="<%= outcome.status %>" title="<%= outcome.hint %>"><%= outcome.label %></button>
<% } %>
      </div>
    </form>
<% } else { %>
    <p class="none"><%= it.outcomesNote %></p>
<% } %>
  </section>
  <section class="panel wide" aria-labelledby="urls-heading">
    <h2 id="urls-heading">URLs</h2>
    <dl class="fields">
<% if (it.payment.checkoutUrl !== null) { %>
      <div><dt>Checkout</dt><dd><a href="<%= it.payment.checkoutUrl %>"><code><%= it.payment.checkoutUrl %></code></a></dd></div>
<% } %>
      <div><dt>Redirect</dt><dd><% if (it.payment.redirectUrl !== null) { %><code><%= it.payment.redirectUrl %></code><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Cancel</dt><dd><% if (it.payment.cancelUrl !== null) { %><code><%= it.payment.cancelUrl %></code><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Webhook</dt><dd><% if (it.payment.webhookUrl !== null) { %><code><%= it.payment.webhookUrl %></code><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>API</dt><dd><a href="<%= it.payment.apiUrl %>"><code><%= it.payment.apiUrl %></code></a> · <a href="<%= it.documentationUrl %>">Get payment reference</a></dd></div>
    </dl>
  </section>
  <section class="panel" aria-labelledby="metadata-heading">
    <h2 id="metadata-heading">Metadata</h2>
<% if (it.payment.metadataJson !== null) { %><pre class="json"><code><%= it.payment.metadataJson %></code></pre><% } else { %><p class="none">none</p><% } %>
  </section>
  <section class="panel" aria-labelledby="payment-details-heading">
    <h2 id="payment-details-heading">Method details</h2>
<% if (it.payment.detailsJson !== null) { %><pre class="json"><code><%= it.payment.detailsJson %></code></pre><% } else { %><p class="none">none</p><% } %>
  </section>
  <section class="panel wide" id="webhook-deliveries" aria-labelledby="deliveries-heading">
    <h2 id="deliveries-heading">Webhook deliveries</h2>
<% if (it.deliveries.length === 0) { %>
    <p class="none">No webhook deliveries<% if (it.payment.webhookUrl === null) { %>: the payment has no webhook URL<% } %>.</p>
<% } %>
<% for (const delivery of it.deliveries) { %>
    <div class="delivery">
      <p><strong><%= delivery.state %></strong> · <code><%= delivery.url %></code> · due <time datetime="<%= delivery.createdAt %>"><%= delivery.createdAtText %></time><% if (delivery.deliveredAt) { %> · delivered <code><%= delivery.deliveredAt %></code><% } %><% if (delivery.gaveUpAt) { %> · gave up <code><%= delivery.gaveUpAt %></code><% } %><% if (delivery.nextAttemptAt) { %> · next attempt <code><%= delivery.nextAttemptAt %></code><% } %></p>
<% if (delivery.attempts.length === 0) { %>
      <p class="none">No attempt yet.</p>
<% } else { %>
      <div class="table-wrap">
      <table class="customers attempts">
        <caption class="visually-hidden">Attempts to deliver to <%= delivery.url %></caption>
        <thead><tr><th scope="col">At</th><th scope="col">Answer</th><th scope="col">Error</th><th scope="col">Took</th></tr></thead>
        <tbody>
<% for (const attempt of delivery.attempts) { %>
          <tr>
            <td data-label="At"><time datetime="<%= attempt.at %>"><%= attempt.atText %></time></td>
            <td data-label="Answer"><% if (attempt.statusCode !== null) { %><code><%= attempt.statusCode %></code><% } else { %><span class="none">none</span><% } %></td>
            <td data-label="Error"><% if (attempt.error !== null) { %><%= attempt.error %><% } else { %><span class="none">none</span><% } %></td>
            <td data-label="Took"><%= attempt.durationMs %> ms</td>
          </tr>
<% } %>
        </tbody>
      </table>
      </div>
<% } %>
    </div>
<% } %>
  </section>
</div>
`
