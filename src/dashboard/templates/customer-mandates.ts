/** A customer's mandates on its page, each with a revoke button (a CSRF-protected form). */
export const customerMandatesTemplate = `<section class="panel wide" id="mandates" aria-labelledby="mandates-heading">
    <h2 id="mandates-heading">Mandates</h2>
<% if (it.mandates.length === 0) { %>
    <p class="none">No mandates. Revoked mandates are not listed, as in the API.</p>
<% } %>
<% for (const mandate of it.mandates) { %>
    <dl class="fields mandate" aria-label="Mandate <%= mandate.id %>">
      <div><dt>ID</dt><dd><a href="<%= mandate.apiUrl %>"><code><%= mandate.id %></code></a></dd></div>
      <div><dt>Method</dt><dd><%= mandate.method %> <span class="raw">(<%= mandate.status %>)</span></dd></div>
      <div><dt>Consumer</dt><dd><% if (mandate.consumerName !== null) { %><%= mandate.consumerName %><% } else { %><span class="none">null</span><% } %></dd></div>
      <div><dt>Account</dt><dd><% if (mandate.consumerAccount !== null) { %><code><%= mandate.consumerAccount %></code><% } else { %><span class="none">null</span><% } %><% if (mandate.consumerBic !== null) { %> <span class="raw">(<%= mandate.consumerBic %>)</span><% } %></dd></div>
      <div><dt>Reference</dt><dd><% if (mandate.mandateReference !== null) { %><%= mandate.mandateReference %><% } else { %><span class="none">null</span><% } %></dd></div>
      <div><dt>Signed</dt><dd><% if (mandate.signatureDate !== null) { %><%= mandate.signatureDate %><% } else { %><span class="none">null</span><% } %></dd></div>
      <div><dt>Created</dt><dd><code><%= mandate.createdAt %></code></dd></div>
      <div><dt>Revoke</dt><dd>
        <form method="post" action="<%= mandate.revokePath %>">
          <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
          <button class="button danger" type="submit">Revoke mandate</button>
        </form>
      </dd></div>
    </dl>
<% } %>
<% if (it.more) { %>
    <p>More mandates are in the API: <a href="<%= it.mandatesApiUrl %>"><code><%= it.mandatesApiUrl %></code></a></p>
<% } %>
  </section>
`
