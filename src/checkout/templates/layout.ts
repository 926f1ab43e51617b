/** The frame of every checkout page: no header, no session, no script; the stylesheet is this server's own file. */
export const checkoutLayoutTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title><%= it.title %> · Clientele checkout</title>
<link rel="stylesheet" href="<%= it.stylesheet %>">
</head>
<body>
<main id="main">
<%~ it.body %>
</main>
<footer><p>Clientele’s stand-in for Mollie’s checkout. No card details are asked for and no money moves: you choose what happens.</p></footer>
</body>
</html>
`
