package dev.clerksync.bootstrap;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.EventListenerMethodProcessor;

/**
 * Takes Spring's {@link EventListenerMethodProcessor} out of the service's context: no bean in it
 * declares an {@link EventListener @EventListener} method (Spring Boot's own listeners implement
 * {@code ApplicationListener}), yet that processor searches every method of every bean, with its
 * superclasses and interfaces, for one. At start nothing is compiled yet, and that search was 16 %
 * of the context's start-up time in a wall-clock profile; without it the service serves its first
 * webhook about 0.24 s sooner (four alternating starts each, README "Performance").
 *
 * <p>Kept honest by two tests: ArchitectureTest forbids {@code @EventListener} methods in this code
 * base, and an end-to-end test looks at every bean of the started service, libraries' included, so
 * that a dependency upgrade bringing one fails the build instead of going deaf. Events still reach
 * {@code ApplicationListener} beans; the management server's child context keeps its processor (a
 * handful of beans, a few milliseconds).
 */
final class EventListenerMethodScanOff implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        // Absent in the AOT-processed jar: the build ran this already and left it out of the generated code.
        if (registry.containsBeanDefinition(AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME)) {
            registry.removeBeanDefinition(AnnotationConfigUtils.EVENT_LISTENER_PROCESSOR_BEAN_NAME);
        }
    }
}
