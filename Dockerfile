# The operator's image for those who build with Docker. Build the application first (`make build`), then
# `docker build -t <registry>/weka-aws-operator:<tag> .`. Our own build makes the same image without Docker
# (`make image`, Jib); ContainerImageDefinitionsTest checks that both agree on user, port, directory and entrypoint.
FROM eclipse-temurin:17-jre
WORKDIR /deployments
# Quarkus' fast-jar layout, dependencies first: they change less often than the application.
COPY target/quarkus-app/lib/ /deployments/lib/
COPY target/quarkus-app/quarkus-run.jar /deployments/
COPY target/quarkus-app/app/ /deployments/app/
COPY target/quarkus-app/quarkus/ /deployments/quarkus/
USER 1001:1001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
