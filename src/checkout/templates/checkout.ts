/**
 * The checkout of one payment: what is paid, in which mode, and (while the payment takes an outcome) one form with
 * the method to pick (when there is a choice) and a submit button per outcome; "leave it open" is a plain link back.
 */
export const checkoutTemplate = `<% layout('@layout') %>
<section class="card" aria-labelledby="checkout-heading">
  <p class="mode-notice mode-<%= it.payment.mode %>" role="note"><%= it.modeNotice %></p>
  <h1 id="checkout-heading"><span class="visually-hidden">Pay </span><span class="amount"><%= it.payment.amountText %></span></h1>
  <p class="description"><%= it.payment.description %></p>
  <dl class="facts">
    <div><dt>Payment</dt><dd><code><%= it.payment.id %></code></dd></div>
    <div><dt>Type</dt><dd><%= it.payment.sequenceText %></dd></div>
    <div><dt>Status</dt><dd><span class="status"><%= it.payment.status %></span></dd></div>
<% if (it.payment.method) { %>
    <div><dt>Method</dt><dd><%= it.payment.method %></dd></div>
<% } %>
  </dl>
<% if (it.error) { %>
  <div class="error-summary" role="alert">
    <h2>Nothing was changed</h2>
    <p><%= it.error %></p>
  </div>
<% } %>
<% if (it.outcomes.length > 0) { %>
<% if (it.overdue) { %>
  <p class="hint">This payment’s expiry has passed: it can only expire now.</p>
<% } %>
  <form method="post" action="<%= it.action %>">
    <input type="hidden" name="token" value="<%= it.token %>">
<% if (it.methods.length > 0) { %>
    <fieldset>
      <legend>Method</legend>
      <div class="methods">
<% for (const method of it.methods) { %>
        <label><input type="radio" name="method" value="<%= method.value %>" required<% if (method.checked) { %> checked<% } %>> <%= method.label %></label>
<% } %>
      </div>
    </fieldset>
<% } %>
    <fieldset>
      <legend>Outcome</legend>
      <div class="outcomes">
<% for (const outcome of it.outcomes) { %>
        <div class="outcome">
          <button class="button<% if (outcome.status === 'paid') { %> primary<% } %>" type="submit" name="status" value="<%= outcome.status %>"<% if (outcome.status === 'canceled' || outcome.status === 'expired') { %> formnovalidate<% } %>><%= outcome.label %></button>
          <p class="hint"><%= outcome.hint %></p>
        </div>
<% } %>
      </div>
    </fieldset>
  </form>
<% if (it.leaveOpenUrl) { %>
  <p class="leave-open"><a class="button" href="<%= it.leaveOpenUrl %>">Leave it <%= it.payment.status %></a> <span class="hint">Back to the shop without a change.</span></p>
<% } %>
<% } else { %>
  <p>This payment is <span class="status"><%= it.payment.status %></span>: there is nothing left to choose.</p>
<% if (it.returnUrl) { %>
  <p><a class="button primary" href="<%= it.returnUrl %>">Back to the shop</a></p>
<% } %>
<% } %>
</section>
`
