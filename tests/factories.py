import factory
from factory.django import DjangoModelFactory

PASSWORD = "correct-horse-battery"


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = "organisations.Provider"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Provider {n}")
    jurisdiction_id = "AB"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "portal.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = "staff"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
