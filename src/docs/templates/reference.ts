/**
 * The reference page. Descriptions arrive as HTML rendered by markdown-it with raw HTML off (the only `<%~ %>`
 * insertions besides included templates); everything else is escaped. The contents come first in the page but
 * are no heading, so that the outline starts at the page's h1.
 */
export const referenceTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · <%= it.reference.title %></title>
<link rel="stylesheet" href="<%= it.stylesheet %>">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar">
    <a class="brand" href="<%= it.paths.docs %>">Clientele</a>
    <span class="subtitle">API reference · version <%= it.reference.version %></span>
    <nav class="main-nav" aria-label="Main">
      <a href="<%= it.paths.dashboard %>">Dashboard</a>
      <a href="<%= it.reference.openApiUrl %>">OpenAPI document</a>
    </nav>
  </div>
</header>
<div class="layout">
  <nav class="toc" aria-labelledby="toc-title">
    <p class="toc-title" id="toc-title">Contents</p>
    <ul>
      <li><a href="#overview">Overview</a></li>
      <li><a href="#authentication">Authentication</a></li>
<% for (const operation of it.reference.operations) { %>
      <li><a href="#<%= operation.id %>"><span class="method method-<%= operation.method.toLowerCase() %>"><%= operation.method %></span> <%= operation.summary %></a></li>
<% } %>
      <li><a href="#errors">Errors</a></li>
    </ul>
  </nav>
  <main id="main" tabindex="-1">
    <section id="overview" aria-labelledby="overview-heading">
      <h1 id="overview-heading"><%= it.reference.title %></h1>
      <p class="base-url">Base URL: <code><%= it.reference.baseUrl %></code></p>
      <%~ it.reference.descriptionHtml %>
    </section>
    <section id="authentication" aria-labelledby="authentication-heading">
      <h2 id="authentication-heading">Authentication</h2>
      <%~ it.reference.authenticationHtml %>
    </section>
<% for (const operation of it.reference.operations) { %>
    <section class="operation" id="<%= operation.id %>" aria-labelledby="<%= operation.id %>-heading">
      <h2 id="<%= operation.id %>-heading"><%= operation.summary %></h2>
      <p class="endpoint"><span class="method method-<%= operation.method.toLowerCase() %>"><%= operation.method %></span> <code><%= operation.path %></code></p>
      <%~ operation.descriptionHtml %>
<% if (operation.parameters.length > 0) { %>
      <h3>Parameters</h3>
      <div class="table-wrap">
      <table class="fields">
        <thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
        <tbody>
<% for (const parameter of operation.parameters) { %>
          <tr><td><code><%= parameter.name %></code><% if (parameter.required) { %> <span class="required">required</span><% } %></td><td><%= parameter.location %></td><td><code class="type"><%= parameter.type %></code></td><td><%~ parameter.descriptionHtml %></td></tr>
<% } %>
        </tbody>
      </table>
      </div>
<% } %>
<% if (operation.body) { %>
      <h3>Request body</h3>
      <p class="content-types"><% for (const type of operation.body.contentTypes) { %><code><%= type %></code> <% } %></p>
      <%~ include('@fields', { rows: operation.body.fields }) %>
<% } %>
      <h3>Responses</h3>
<% for (const response of operation.responses) { %>
      <h4><span class="status status-ok"><%= response.status %></span> <%= response.reason %><% if (response.contentType) { %> <code class="content-type"><%= response.contentType %></code><% } %></h4>
      <p><%~ response.descriptionHtml %></p>
<% if (response.fields.length > 0) { %>
      <details class="response-fields">
        <summary>Fields</summary>
        <%~ include('@fields', { rows: response.fields }) %>
      </details>
<% } %>
<% } %>
<% if (operation.errorStatuses.length > 0) { %>
      <p class="error-statuses">Errors: <% for (const error of operation.errorStatuses) { %><span class="status status-error" title="<%= error.reason %>"><%= error.status %></span> <% } %>— an <a href="#errors">error object</a>.</p>
<% } %>
      <h3>Example</h3>
      <pre class="command"><code><%= operation.example %></code></pre>
    </section>
<% } %>
    <section id="errors" aria-labelledby="errors-heading">
      <h2 id="errors-heading">Errors</h2>
      <p>Every error is <code>application/hal+json</code> in Mollie’s format: <code>status</code>, <code>title</code>,
        <code>detail</code>, <code>field</code> when a field or parameter is at fault, and <code>_links.documentation</code>,
        which points here.</p>
      <div class="table-wrap">
      <table class="statuses">
        <thead><tr><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead>
        <tbody>
<% for (const status of it.reference.errors.statuses) { %>
          <tr><td><span class="status status-error"><%= status.status %></span> <%= status.reason %></td><td><%~ status.meaningHtml %></td></tr>
<% } %>
        </tbody>
      </table>
      </div>
      <h3>The error object</h3>
      <%~ include('@fields', { rows: it.reference.errors.fields }) %>
      <h3>Example</h3>
      <pre class="json"><code><%= it.reference.errors.example %></code></pre>
    </section>
  </main>
</div>
</body>
</html>
`
