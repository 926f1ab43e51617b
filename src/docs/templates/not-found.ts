/** Any other address under /docs: there is one page, and this says where. */
export const notFoundTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · Clientele API reference</title>
<link rel="stylesheet" href="<%= it.stylesheet %>">
</head>
<body>
<main id="main" class="not-found">
  <h1>Page not found</h1>
  <p>The API reference is one page: <a href="<%= it.paths.docs %>"><%= it.paths.docs %></a>.</p>
</main>
</body>
</html>
`
