package dk.rehab.adapter.course;

import dk.rehab.adapter.fhir.search.ComputedElements;
import java.util.Collection;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** A course brought in by {@code _include}/{@code _revinclude} carries its session usage, as a course read alone does. */
@Component
class CourseUsageOnIncludes implements ComputedElements {
    private final CourseService courses;

    CourseUsageOnIncludes(CourseService courses) {
        this.courses = courses;
    }

    @Override
    public String type() {
        return "EpisodeOfCare";
    }

    @Override
    public void addTo(Collection<? extends Resource> resources) {
        courses.decorateAll(resources.stream().map(EpisodeOfCare.class::cast).toList());
    }
}
