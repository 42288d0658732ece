console.log("embed-demo loaded");
