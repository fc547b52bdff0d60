// The API docs page's initialiser: a file of its own, since the Content-Security-Policy allows
// no inline script. The schema's address comes from the page (data-schema).
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schema,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The session's CSRF token on calls the page makes, as the API asks of a logged-in browser.
    requestInterceptor: function (request) {
      var token = document.querySelector("meta[name=csrf-token]");
      if (token) { request.headers["X-CSRFToken"] = token.content; }
      return request;
    },
  });
});
