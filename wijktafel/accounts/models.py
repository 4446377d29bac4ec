"""Organisations and the accounts of the people who work for them."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.PLATFORM_ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """An account: a facilitator or admin of one organisation (or a platform admin)."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("facilitator")
        ORG_ADMIN = "org_admin", _("organisation admin")
        PLATFORM_ADMIN = "platform_admin", _("platform admin")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FACILITATOR)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email
