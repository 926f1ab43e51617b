/** A page that only says something: errors, a missing customer, an expired form. */
export const messageTemplate = `<% layout('@layout') %>
<section class="card narrow" aria-labelledby="message-heading">
  <p class="status-code"><%= it.statusCode %></p>
  <h1 id="message-heading"><%= it.heading %></h1>
  <p><%= it.message %></p>
<% if (it.hint) { %>
  <p class="hint"><%= it.hint %></p>
<% } %>
  <p><a class="button" href="<%= it.back.href %>"><%= it.back.label %></a></p>
</section>
`
