/** A checkout page that only says something: an unknown payment, a form that could not be verified, an error. */
export const checkoutMessageTemplate = `<% layout('@layout') %>
<section class="card" aria-labelledby="message-heading">
  <p class="status-code"><%= it.statusCode %></p>
  <h1 id="message-heading"><%= it.heading %></h1>
  <p><%= it.message %></p>
</section>
`
