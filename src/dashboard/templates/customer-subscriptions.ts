/** A customer's subscriptions on its page: each with its latest payments and, while it charges, a cancel button. */
export const customerSubscriptionsTemplate = `<section class="panel wide" id="subscriptions" aria-labelledby="subscriptions-heading">
    <h2 id="subscriptions-heading">Subscriptions</h2>
<% if (it.subscriptions.length === 0) { %>
    <p class="none">No subscriptions.</p>
<% } %>
<% for (const subscription of it.subscriptions) { %>
    <dl class="fields subscription" aria-label="Subscription <%= subscription.id %>">
      <div><dt>ID</dt><dd><a href="<%= subscription.apiUrl %>"><code><%= subscription.id %></code></a></dd></div>
      <div><dt>Description</dt><dd><%= subscription.description %></dd></div>
      <div><dt>Status</dt><dd><%= subscription.status %></dd></div>
      <div><dt>Amount</dt><dd><%= subscription.amountText %> every <%= subscription.interval %> <span class="raw">(<%= subscription.timesText %>)</span></dd></div>
      <div><dt>Started</dt><dd><%= subscription.startDate %></dd></div>
      <div><dt>Next payment</dt><dd><% if (subscription.nextPaymentDate !== null) { %><%= subscription.nextPaymentDate %><% } else { %><span class="none">none</span><% } %></dd></div>
      <div><dt>Mandate</dt><dd><code><%= subscription.mandateId %></code></dd></div>
      <div><dt>Payments</dt><dd>
<% if (subscription.payments.length === 0) { %>
        <span class="none">none yet</span>
<% } else { %>
        <ul class="subscription-payments">
<% for (const payment of subscription.payments) { %>
          <li><a href="<%= payment.dashboardPath %>"><code><%= payment.id %></code></a> <%= payment.status %> <span class="raw"><%= payment.createdAt %></span></li>
<% } %>
        </ul>
        <a href="<%= subscription.paymentsApiUrl %>">All its payments in the API</a>
<% } %>
      </dd></div>
<% if (subscription.cancelPath !== null) { %>
      <div><dt>Cancel</dt><dd>
        <form method="post" action="<%= subscription.cancelPath %>">
          <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
          <button class="button danger" type="submit">Cancel subscription</button>
        </form>
      </dd></div>
<% } %>
    </dl>
<% } %>
<% if (it.moreSubscriptions) { %>
    <p>More subscriptions are in the API: <a href="<%= it.subscriptionsApiUrl %>"><code><%= it.subscriptionsApiUrl %></code></a></p>
<% } %>
  </section>
`
