/** A table of fields: name (indented by depth), type with limits and allowed values, description. */
export const fieldsTemplate = `<div class="table-wrap">
<table class="fields">
  <thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
  <tbody>
<% for (const row of it.rows) { %>
    <tr class="depth-<%= row.depth %>">
      <td><code><%= row.name %></code><% if (row.required) { %> <span class="required">required</span><% } %></td>
      <td><code class="type"><%= row.type %></code><% for (const constraint of row.constraints) { %><br><span class="constraint"><%= constraint %></span><% } %></td>
      <td><%~ row.descriptionHtml %>
<% if (row.allowed.length > 0) { %>
        <details class="allowed"><summary><%= row.allowed.length %> allowed values</summary><p><% for (const value of row.allowed) { %><code><%= value %></code> <% } %></p></details>
<% } %>
      </td>
    </tr>
<% } %>
  </tbody>
</table>
</div>
`
