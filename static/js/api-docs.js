// Starts Swagger UI on /api/docs with the document named by the page.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("api-reference");
  if (!root || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    // The validator badge would send the document to swagger.io.
    validatorUrl: null,
  });
});
