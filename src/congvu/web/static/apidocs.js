// Starts Swagger UI on /api/docs.  A file, not an inline script: the content-security policy
// allows only same-origin scripts.  validatorUrl null: no call to validator.swagger.io.
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
  });
})();
