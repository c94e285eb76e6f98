// Starts the vendored Swagger UI on the schema named by #swagger-ui's data-openapi.
(function () {
  var node = document.getElementById("swagger-ui");
  SwaggerUIBundle({ url: node.dataset.openapi, dom_id: "#swagger-ui", validatorUrl: null,
                    deepLinking: true });
})();
