/** Options of the @nestjs/swagger compiler plugin, shared by the webpack build and Jest. */
module.exports = {
  dtoFileNameSuffix: ['.dto.ts', '.response.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  classValidatorShim: true,
  introspectComments: true,
};
