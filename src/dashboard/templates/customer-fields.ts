/**
 * The four editable fields of a customer, shared by the create and edit forms. A field at fault gets its message
 * (the API's own wording, from the domain) and aria-invalid; the first one at fault gets the focus.
 */
export const customerFieldsTemplate = `<% const errors = it.form.errors ?? [] %>
<% const faultOf = (field) => errors.find((fault) => fault.field === field) %>
<% const invalid = (field) => faultOf(field) !== undefined %>
<% const focus = (field) => errors[0] && errors[0].field === field %>
<div class="field<% if (invalid('name')) { %> invalid<% } %>">
  <label for="field-name">Name</label>
  <input id="field-name" name="name" type="text" value="<%= it.form.values.name %>" autocomplete="off"<% if (invalid('name')) { %> aria-invalid="true" aria-describedby="field-name-error"<% } %><% if (focus('name')) { %> autofocus<% } %>>
<% if (invalid('name')) { %>
  <p class="field-error" id="field-name-error"><%= faultOf('name').detail %></p>
<% } %>
</div>
<div class="field<% if (invalid('email')) { %> invalid<% } %>">
  <label for="field-email">Email</label>
  <input id="field-email" name="email" type="email" value="<%= it.form.values.email %>" autocomplete="off" spellcheck="false"<% if (invalid('email')) { %> aria-invalid="true" aria-describedby="field-email-error"<% } %><% if (focus('email')) { %> autofocus<% } %>>
<% if (invalid('email')) { %>
  <p class="field-error" id="field-email-error"><%= faultOf('email').detail %></p>
<% } %>
</div>
<div class="field<% if (invalid('locale')) { %> invalid<% } %>">
  <label for="field-locale">Locale</label>
  <select id="field-locale" name="locale"<% if (invalid('locale')) { %> aria-invalid="true" aria-describedby="field-locale-error"<% } %><% if (focus('locale')) { %> autofocus<% } %>>
    <option value=""<% if (it.form.values.locale === '') { %> selected<% } %>>None</option>
<% for (const locale of it.form.locales) { %>
    <option value="<%= locale %>"<% if (it.form.values.locale === locale) { %> selected<% } %>><%= locale %></option>
<% } %>
  </select>
<% if (invalid('locale')) { %>
  <p class="field-error" id="field-locale-error"><%= faultOf('locale').detail %></p>
<% } %>
</div>
<div class="field<% if (invalid('metadata')) { %> invalid<% } %>">
  <label for="field-metadata">Metadata <span class="label-note">(JSON)</span></label>
  <textarea id="field-metadata" name="metadata" rows="6" spellcheck="false" aria-describedby="field-metadata-hint<% if (invalid('metadata')) { %> field-metadata-error<% } %>"<% if (invalid('metadata')) { %> aria-invalid="true"<% } %><% if (focus('metadata')) { %> autofocus<% } %>><%= it.form.values.metadata %></textarea>
  <p class="hint" id="field-metadata-hint">An object such as <code>{"order_id": "1234"}</code>, an array of strings, or a quoted string; at most <%= it.form.metadataMaxBytes %> bytes. Leave empty for none.</p>
<% if (invalid('metadata')) { %>
  <p class="field-error" id="field-metadata-error"><%= faultOf('metadata').detail %></p>
<% } %>
</div>
`
